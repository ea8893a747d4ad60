using Microsoft.Extensions.Configuration;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Tests.Domain;

public class CourseTests
{
    private static Course NewCourse(int theory, int practice, TheoryShareBand? band = null) =>
        new(1, Course.AiTrainerOccupation, 5, "五级周末班", theory, practice, 2600m, null, band ?? TheoryShareBand.Default);

    [Theory]
    [InlineData(18, 42)] // 30 %
    [InlineData(10, 30)] // 25 %, the lower edge
    [InlineData(35, 65)] // 35 %, the upper edge
    public void A_course_whose_theory_share_is_inside_the_default_band_is_accepted(int theory, int practice)
    {
        var course = NewCourse(theory, practice);

        Assert.Equal(theory + practice, course.TotalHours);
        Assert.Equal((decimal)theory / (theory + practice), course.TheoryShare);
    }

    [Theory]
    [InlineData(24, 76)] // 24 %
    [InlineData(36, 64)] // 36 %
    [InlineData(30, 30)] // 50 %
    [InlineData(1, 99)]
    public void A_course_whose_theory_share_is_outside_the_default_band_is_refused_on_the_theory_hours(int theory, int practice)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => NewCourse(theory, practice));

        Assert.Equal("course.theory-share", e.Code);
        Assert.Equal("theoryHours", e.Field);
    }

    [Fact]
    public void The_default_band_is_25_to_35_percent()
    {
        Assert.Equal(0.25m, TheoryShareBand.Default.Min);
        Assert.Equal(0.35m, TheoryShareBand.Default.Max);
    }

    [Fact]
    public void A_configured_band_from_Catalog_TheoryShareMin_and_Max_replaces_the_default()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Catalog:TheoryShareMin"] = "0.40",
            ["Catalog:TheoryShareMax"] = "0.60",
        }).Build();
        var band = config.GetSection("Catalog").Get<CatalogOptions>()!.TheoryShare;

        Assert.Equal(new TheoryShareBand(0.40m, 0.60m), band);
        Assert.Equal(50, NewCourse(25, 25, band).TotalHours);
        Assert.Equal("course.theory-share", Assert.ThrowsAny<RuleViolation>(() => NewCourse(18, 42, band)).Code);
    }

    [Fact]
    public void Editing_a_course_checks_the_band_again_and_leaves_it_unchanged_when_refused()
    {
        var course = NewCourse(18, 42);

        Assert.ThrowsAny<RuleViolation>(() => course.Update(5, "五级周末班", 40, 20, 2600m, null, TheoryShareBand.Default));

        Assert.Equal(18, course.TheoryHours);
        Assert.Equal(42, course.PracticeHours);
    }

    [Theory]
    [InlineData(0, "course.level")]
    [InlineData(6, "course.level")]
    public void The_level_is_1_to_5(int level, string code) =>
        Assert.Equal(code, Assert.ThrowsAny<RuleViolation>(() =>
            new Course(1, Course.AiTrainerOccupation, level, "x", 18, 42, 0m, null, TheoryShareBand.Default)).Code);

    [Theory]
    [InlineData("-1")]
    [InlineData("1000000.01")]
    [InlineData("10.005")]
    public void The_fee_is_whole_fen_from_0_to_a_million_yuan(string fee) =>
        Assert.Equal("course.fee", Assert.ThrowsAny<RuleViolation>(() =>
            new Course(1, Course.AiTrainerOccupation, 5, "x", 18, 42, decimal.Parse(fee, System.Globalization.CultureInfo.InvariantCulture), null,
                TheoryShareBand.Default)).Code);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_course_needs_a_title(string title) =>
        Assert.Equal("course.title", Assert.ThrowsAny<RuleViolation>(() =>
            new Course(1, Course.AiTrainerOccupation, 5, title, 18, 42, 0m, null, TheoryShareBand.Default)).Code);

    [Fact]
    public void Hours_of_zero_are_refused() =>
        Assert.Equal("course.hours", Assert.ThrowsAny<RuleViolation>(() => NewCourse(0, 42)).Code);
}
