using System.Text;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>
/// An amount of yuan in Chinese capital numerals (大写金额), as receipts and bank forms write it so that it cannot be
/// altered: 2600.00 → 贰仟陆佰元整, 1500.50 → 壹仟伍佰元伍角, 10010.05 → 壹万零壹拾元零伍分.
/// </summary>
public static class ChineseAmount
{
    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] PlaceUnits = ["", "拾", "佰", "仟"];
    private static readonly int[] PlaceValues = [1, 10, 100, 1000];
    private static readonly string[] GroupUnits = ["", "万", "亿", "万亿"];

    /// <summary>The largest amount written: sixteen digits of yuan, up to the 万亿 group.</summary>
    public const decimal Max = 9_999_999_999_999_999.99m;

    /// <exception cref="ArgumentOutOfRangeException">The amount has fractions of a fen, or is too large.</exception>
    public static string ToCapital(decimal amount)
    {
        if (decimal.Round(amount, 2) != amount)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A money amount has at most two decimals (fen).");
        if (Math.Abs(amount) > Max)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount is too large to write in capital numerals.");

        var sb = new StringBuilder();
        if (amount < 0) sb.Append('负');
        var fen = (long)(Math.Abs(amount) * 100);
        var yuan = fen / 100;
        var jiao = (int)(fen / 10 % 10);
        var cents = (int)(fen % 10);

        if (yuan > 0) sb.Append(Integer(yuan)).Append('元');
        if (jiao == 0 && cents == 0)
            return (yuan == 0 ? sb.Append("零元") : sb).Append('整').ToString();
        if (jiao > 0) sb.Append(Digits[jiao]).Append('角');
        else if (yuan > 0) sb.Append('零');
        if (cents > 0) sb.Append(Digits[cents]).Append('分');
        return sb.ToString();
    }

    /// <summary>A whole number in groups of four digits (个, 万, 亿, 万亿); a run of zeros inside is read as one 零.</summary>
    private static string Integer(long value)
    {
        var groups = new List<int>();
        for (var v = value; v > 0; v /= 10_000) groups.Add((int)(v % 10_000));

        var sb = new StringBuilder();
        var zeroPending = false;
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var group = groups[g];
            if (group == 0)
            {
                zeroPending = sb.Length > 0;
                continue;
            }
            if (sb.Length > 0 && (zeroPending || group < 1000)) sb.Append('零');
            sb.Append(Group(group)).Append(GroupUnits[g]);
            zeroPending = false;
        }
        return sb.ToString();
    }

    private static string Group(int group)
    {
        var sb = new StringBuilder();
        var zero = false;
        for (var place = 3; place >= 0; place--)
        {
            var digit = group / PlaceValues[place] % 10;
            if (digit == 0)
            {
                zero = sb.Length > 0;
                continue;
            }
            if (zero) sb.Append('零');
            sb.Append(Digits[digit]).Append(PlaceUnits[place]);
            zero = false;
        }
        return sb.ToString();
    }
}
