using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Tests.Domain.Results;

public class PostedNameTests
{
    [Theory]
    [InlineData("李", "*")]
    [InlineData("李四", "李*")]
    [InlineData("张三明", "张*明")]
    [InlineData("欧阳小锋", "欧**锋")]
    [InlineData("司马相如君", "司***君")]
    [InlineData(" 王  五 ", "王*")]
    [InlineData("阿依古丽·买买提", "阿***·**提")]
    [InlineData("𠀾明华", "𠀾*华")]
    public void A_chinese_name_keeps_its_first_and_last_characters_and_masks_each_one_between(string name, string posted) =>
        Assert.Equal(posted, PostedName.Of(name));

    [Theory]
    [InlineData("John Smith", "J* S*")]
    [InlineData("Li", "L*")]
    [InlineData("María José García-López", "M* J* G* L*")]
    [InlineData("Jean-Luc Picard", "J* L* P*")]
    [InlineData("Ömer 李", "Ö* 李*")]
    public void Any_other_name_shows_the_first_letter_of_each_word_with_one_star_whatever_its_length(string name, string posted) =>
        Assert.Equal(posted, PostedName.Of(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("·")]
    public void A_missing_name_is_a_single_star(string? name) => Assert.Equal("*", PostedName.Of(name));

    [Theory]
    [InlineData("李四", "四")]
    [InlineData("张三明", "三")]
    [InlineData("Alexander Hamilton", "lex")]
    [InlineData("Alexander Hamilton", "ton")]
    [InlineData("Alexander Hamilton", "H*n")]
    public void The_masked_part_never_shows(string name, string hidden) =>
        Assert.DoesNotContain(hidden, PostedName.Of(name));
}
