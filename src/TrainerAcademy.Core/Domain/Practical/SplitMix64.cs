namespace TrainerAcademy.Domain.Practical;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fixed forever by its definition, unlike System.Random, whose
/// sequence .NET does not promise to keep. Generated material (dirty files, box scenes) must be made again identically
/// from its seed years later.
/// </summary>
internal sealed class SplitMix64(long seed)
{
    private ulong state = unchecked((ulong)seed);

    private ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ n &lt; bound; the tiny modulo bias is irrelevant to test data.</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

    /// <summary>min ≤ n &lt; max.</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
