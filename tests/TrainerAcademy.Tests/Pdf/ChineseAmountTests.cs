using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Tests.Pdf;

public class ChineseAmountTests
{
    [Theory]
    [InlineData("0.00", "零元整")]
    [InlineData("2600.00", "贰仟陆佰元整")]
    [InlineData("1500.50", "壹仟伍佰元伍角")]
    [InlineData("10010.05", "壹万零壹拾元零伍分")]
    [InlineData("3500.00", "叁仟伍佰元整")]
    [InlineData("10", "壹拾元整")]
    [InlineData("1001", "壹仟零壹元整")]
    [InlineData("1010.10", "壹仟零壹拾元壹角")]
    [InlineData("1001000", "壹佰万壹仟元整")]
    [InlineData("1000100", "壹佰万零壹佰元整")]
    [InlineData("100000001", "壹亿零壹元整")]
    [InlineData("100010000", "壹亿零壹万元整")]
    [InlineData("0.05", "伍分")]
    [InlineData("0.50", "伍角")]
    [InlineData("3.25", "叁元贰角伍分")]
    [InlineData("-200", "负贰佰元整")]
    public void Writes_yuan_in_capital_numerals(string amount, string expected) =>
        Assert.Equal(expected, ChineseAmount.ToCapital(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Refuses_fractions_of_a_fen() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseAmount.ToCapital(12.345m));
}
