using System.Diagnostics;

namespace TrainerAcademy.Testing;

/// <summary>
/// A clock that starts at a moment the test chooses and then runs at the machine's pace. Every date the app sees is
/// the test's, whatever day the suite runs on, while delays, timeouts and timers behave as they do in production.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private long _advancedTicks;

    public DateTimeOffset Start { get; } = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() =>
        Start + Stopwatch.GetElapsedTime(_startedAt) + TimeSpan.FromTicks(Interlocked.Read(ref _advancedTicks));

    /// <summary>Moves the clock on, e.g. past a hold's expiry, without waiting.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _advancedTicks, by.Ticks);
    }

    /// <summary>China Standard Time, the time zone of every date the platform plans with.</summary>
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>A moment given as a wall-clock time in Beijing.</summary>
    public static DateTimeOffset Beijing(int year, int month, int day, int hour = 10, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, China).ToUniversalTime();
}
