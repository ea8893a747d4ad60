using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Marking;

public class ScriptMarkTests
{
    private static readonly DateTimeOffset Claimed = new(2026, 3, 14, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(60);

    private static readonly RubricLine[] Rubric =
    [
        new("M1", "培训目标明确", 10m),
        new("M2", "课程安排合理", 10m),
        new("M3", "考核方式可行", 5m),
    ];

    /// <summary>A claim as the queue makes it; its attempt and task ids do not matter to these rules.</summary>
    private static ScriptMark Claim()
    {
        var mark = (ScriptMark)Activator.CreateInstance(typeof(ScriptMark), nonPublic: true)!;
        typeof(ScriptMark).GetProperty(nameof(ScriptMark.ClaimedAt))!.SetValue(mark, Claimed);
        typeof(ScriptMark).GetProperty(nameof(ScriptMark.Round))!.SetValue(mark, 1);
        return mark;
    }

    private static LineMark[] Lines(decimal m1, decimal m2, decimal m3) => [new("M1", m1), new("M2", m2), new("m3", m3)];

    [Fact]
    public void A_mark_scores_every_line_and_totals_them()
    {
        var mark = Claim();
        var total = mark.Submit(Rubric, Lines(8.5m, 10m, 0m), "  结构完整  ", Claimed.AddMinutes(20), Hold);
        Assert.Equal(18.5m, total);
        Assert.Equal(18.5m, mark.Total);
        Assert.Equal(["M1", "M2", "M3"], mark.Lines.Select(l => l.Code));
        Assert.Equal("结构完整", mark.Comment);
        Assert.True(mark.Submitted);
    }

    [Theory]
    [InlineData(11, 0, 0, "marking.line-points")]  // over the line's points
    [InlineData(-1, 0, 0, "marking.line-points")]
    [InlineData(7.3, 0, 0, "marking.line-points")] // not a step of 0.5
    public void Each_line_scores_zero_to_its_points_in_half_points(decimal m1, decimal m2, decimal m3, string code) =>
        Assert.Equal(code, Assert.Throws<RuleViolation>(() => Claim().Submit(Rubric, Lines(m1, m2, m3), null, Claimed, Hold)).Code);

    [Fact]
    public void Every_line_once_and_no_other()
    {
        Assert.Equal("marking.line-missing", Assert.Throws<RuleViolation>(() =>
            Claim().Submit(Rubric, [new("M1", 1), new("M2", 1)], null, Claimed, Hold)).Code);
        Assert.Equal("marking.line-twice", Assert.Throws<RuleViolation>(() =>
            Claim().Submit(Rubric, [.. Lines(1, 1, 1), new("M1", 2)], null, Claimed, Hold)).Code);
        Assert.Equal("marking.line-unknown", Assert.Throws<RuleViolation>(() =>
            Claim().Submit(Rubric, [.. Lines(1, 1, 1), new("M9", 2)], null, Claimed, Hold)).Code);
        Assert.Equal("marking.line-unknown", Assert.Throws<RuleViolation>(() =>
            Claim().Submit(Rubric, [.. Lines(1, 1, 1), null!], null, Claimed, Hold)).Code);
    }

    [Fact]
    public void A_comment_is_at_most_two_thousand_characters_without_nul()
    {
        Assert.Equal("marking.comment", Assert.Throws<RuleViolation>(() =>
            Claim().Submit(Rubric, Lines(1, 1, 1), new string('评', ScriptMark.MaxComment + 1), Claimed, Hold)).Code);
        Assert.Equal("marking.comment", Assert.Throws<RuleViolation>(() =>
            Claim().Submit(Rubric, Lines(1, 1, 1), "ok\0", Claimed, Hold)).Code);
        Assert.Null(SubmittedWith("   ").Comment);
    }

    private static ScriptMark SubmittedWith(string comment)
    {
        var mark = Claim();
        mark.Submit(Rubric, Lines(1, 1, 1), comment, Claimed, Hold);
        return mark;
    }

    [Fact]
    public void A_submitted_mark_is_final()
    {
        var mark = SubmittedWith("first");
        Assert.IsType<ConflictViolation>(Assert.ThrowsAny<RuleViolation>(() => mark.Submit(Rubric, Lines(2, 2, 2), null, Claimed, Hold)));
        Assert.Equal(3m, mark.Total);
    }

    [Fact]
    public void A_claim_lapses_after_the_hold_and_cannot_be_submitted_then()
    {
        var mark = Claim();
        Assert.False(mark.HasLapsed(Claimed + Hold, Hold));
        Assert.True(mark.HasLapsed(Claimed + Hold + TimeSpan.FromSeconds(1), Hold));
        Assert.IsType<GoneViolation>(Assert.ThrowsAny<RuleViolation>(() => mark.Submit(Rubric, Lines(1, 1, 1), null, Claimed + Hold + TimeSpan.FromMinutes(1), Hold)));
        Assert.False(SubmittedWith("done").HasLapsed(Claimed + Hold * 10, Hold));
    }
}
