using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Domain;

public class ChineseIdNumberTests
{
    [Theory]
    [InlineData("31010419900307123")]
    [InlineData("11010519491231002")]
    [InlineData("44030420001231555")]
    [InlineData("51010720040229001")]
    public void A_number_with_its_computed_check_character_is_valid(string first17)
    {
        var number = first17 + ChineseIdNumber.CheckCharacter(first17);

        Assert.True(ChineseIdNumber.IsValid(number), number);
    }

    [Fact]
    public void The_standards_published_example_is_valid() =>
        Assert.True(ChineseIdNumber.IsValid("11010519491231002X"));

    [Fact]
    public void A_wrong_check_character_is_refused()
    {
        const string first17 = "31010419900307123";
        var right = ChineseIdNumber.CheckCharacter(first17);

        foreach (var wrong in "0123456789X".Where(c => c != right))
            Assert.False(ChineseIdNumber.IsValid(first17 + wrong), $"{first17}{wrong} (right is {right})");
    }

    [Fact]
    public void A_lower_case_x_check_character_is_accepted_like_an_upper_case_one()
    {
        var first17 = FirstWithCheckX();

        Assert.True(ChineseIdNumber.IsValid(first17 + "X"));
        Assert.True(ChineseIdNumber.IsValid(first17 + "x"));
        Assert.False(ChineseIdNumber.IsValid(first17 + "0"));
    }

    [Theory]
    [InlineData("19900230")] // 30 February
    [InlineData("19901301")] // month 13
    [InlineData("19900100")] // day 0
    [InlineData("18991231")] // before 1900
    [InlineData("20230229")] // not a leap year
    public void A_number_whose_birth_date_is_not_a_real_date_is_refused_even_with_the_right_check_character(string birth)
    {
        var first17 = "310104" + birth + "123";

        Assert.False(ChineseIdNumber.IsValid(first17 + ChineseIdNumber.CheckCharacter(first17)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3101041990030712")]
    [InlineData("3101041990030712345")]
    [InlineData("31010419900307A23X")]
    [InlineData("３１０１０４１９９００３０７１２３４")]
    public void Anything_but_17_ascii_digits_and_a_check_character_is_refused(string? number) =>
        Assert.False(ChineseIdNumber.IsValid(number));

    [Fact]
    public void Masking_keeps_the_first_three_and_the_last_four_characters() =>
        Assert.Equal("110***********002X", ChineseIdNumber.Mask("11010519491231002X"));

    private static string FirstWithCheckX()
    {
        for (var serial = 0; serial < 1000; serial++)
        {
            var first17 = $"31010419900307{serial:D3}";
            if (ChineseIdNumber.CheckCharacter(first17) == 'X') return first17;
        }
        throw new InvalidOperationException("no serial gives the check character X");
    }
}
