using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>The rules a skill blueprint holds whoever saves it: the API, the admin page or the demo data.</summary>
public sealed class SkillBlueprintTests
{
    private static readonly SkillBlueprintLine[] Lines =
    [
        new(PracticalCategory.DataCleaningAndAnnotation, 2, 25),
        new(PracticalCategory.TrainingSyllabusWriting, 1, 50),
    ];

    private static string Code(Action act) => Assert.ThrowsAny<RuleViolation>(act).Code;

    [Theory]
    [InlineData(0, "x", 120, 60, "skill-blueprint.level")]
    [InlineData(6, "x", 120, 60, "skill-blueprint.level")]
    [InlineData(3, " ", 120, 60, "skill-blueprint.name")]
    [InlineData(3, "x", 29, 60, "skill-blueprint.duration")]
    [InlineData(3, "x", 301, 60, "skill-blueprint.duration")]
    [InlineData(3, "x", 120, 0, "skill-blueprint.pass-mark")]
    [InlineData(3, "x", 120, 100.5, "skill-blueprint.pass-mark")]
    public void A_blueprint_outside_the_levels_durations_or_pass_marks_is_refused(int level, string name, int minutes, double passMark, string code) =>
        Assert.Equal(code, Code(() => new SkillBlueprint(level, name, minutes, (decimal)passMark, Lines, SkillPool.Now)));

    [Fact]
    public void The_edges_of_each_range_are_taken()
    {
        var b = new SkillBlueprint(1, new string('名', 100), 30, 100, Lines, SkillPool.Now);
        b.Change("五级", 300, 0.5m, Lines);
        Assert.Equal((300, 0.5m, 2), (b.DurationMinutes, b.PassMark, b.Lines.Count));
        Assert.Equal(3, b.TaskCount);
    }

    [Fact]
    public void Each_line_names_a_category_draws_1_to_10_tasks_and_the_lines_total_100()
    {
        Assert.Equal("skill-blueprint.category", Code(() => _ = new SkillBlueprintLine((PracticalCategory)(-1), 1, 10)));
        Assert.Equal("skill-blueprint.count", Code(() => _ = new SkillBlueprintLine(PracticalCategory.CollectionGuidance, 0, 10)));
        Assert.Equal("skill-blueprint.count", Code(() => _ = new SkillBlueprintLine(PracticalCategory.CollectionGuidance, 11, 5)));
        Assert.Equal(10, new SkillBlueprintLine(PracticalCategory.CollectionGuidance, 10, 10).Count);
        Assert.Equal("skill-blueprint.lines", Code(() => new SkillBlueprint(3, "x", 120, 60, [], SkillPool.Now)));
        Assert.Equal("skill-blueprint.total", Code(() => new SkillBlueprint(3, "x", 120, 60, [new(PracticalCategory.CollectionGuidance, 1, 99)], SkillPool.Now)));
        var b = new SkillBlueprint(3, "x", 120, 60, Lines, SkillPool.Now);
        Assert.Equal("skill-blueprint.total", Code(() => b.Change("x", 120, 60, [new(PracticalCategory.CollectionGuidance, 2, 50), new(PracticalCategory.ModuleOptimization, 1, 5)])));
        Assert.Equal(2, b.Lines.Count);
    }

    [Fact]
    public void Shortfalls_name_each_line_the_counts_of_the_pool_cannot_fill()
    {
        var b = new SkillBlueprint(3, "x", 120, 60, Lines, SkillPool.Now);
        var available = SkillBlueprint.Available([
            (PracticalCategory.DataCleaningAndAnnotation, 25m), (PracticalCategory.DataCleaningAndAnnotation, 10m), (PracticalCategory.TrainingSyllabusWriting, 50m),
        ]);

        var shortfall = Assert.Single(b.Shortfalls(available));

        Assert.Equal(new SkillShortfall(PracticalCategory.DataCleaningAndAnnotation, 25m, 2, 1), shortfall);
        Assert.Empty(b.Shortfalls(SkillBlueprint.Available([.. available.Keys, (PracticalCategory.DataCleaningAndAnnotation, 25m)])));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    public void A_blueprint_a_session_or_a_drawn_paper_uses_is_not_changed(int sessions, int papers)
    {
        var refused = Assert.Throws<ConflictViolation>(() => SkillBlueprint.EnsureUnused(sessions, papers));
        Assert.Equal("skill-blueprint.in-use", refused.Code);
        SkillBlueprint.EnsureUnused(0, 0);
    }
}
