using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Tests.Pdf;

public class LineBreakerTests
{
    // Every character one unit wide: a line of width 5 holds five characters.
    private static List<string> Wrap(string text, double width = 5) => LineBreaker.Wrap(text, width, s => s.EnumerateRunes().Count());

    [Fact]
    public void Chinese_breaks_between_any_two_characters() =>
        Assert.Equal(["人工智能训", "练师职业技", "能等级"], Wrap("人工智能训练师职业技能等级"));

    [Fact]
    public void Latin_words_and_numbers_stay_whole() =>
        Assert.Equal(["共计", "2,600.00", "元"], Wrap("共计2,600.00元", 8));

    [Fact]
    public void Closing_punctuation_never_starts_a_line() =>
        Assert.Equal(["人工智", "能，训练", "师"], Wrap("人工智能，训练师", 4));

    [Fact]
    public void Words_wider_than_the_line_are_cut() =>
        Assert.Equal(["pi_3Q", "xLr2H", "k8"], Wrap("pi_3QxLr2Hk8"));

    [Fact]
    public void Spaces_at_a_break_are_dropped_and_newlines_kept() =>
        Assert.Equal(["ab cd", "ef", "", "gh"], Wrap("ab cd ef\n\ngh"));
}
