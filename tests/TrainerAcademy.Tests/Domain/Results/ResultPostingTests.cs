using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Domain.Results;

public class ResultPostingTests
{
    // The 2026 Mid-Autumn and National Day holidays as published: Sunday 20 September and Saturday 10 October are
    // make-up working days; 25–27 September and 1–7 October are holidays.
    private static readonly StatutoryCalendar Autumn2026 = new(
    [
        new CalendarDay(new(2026, 9, 20), CalendarDayKind.MakeUpWorkday, "国庆节调休上班"),
        .. Enumerable.Range(25, 3).Select(d => new CalendarDay(new(2026, 9, d), CalendarDayKind.PublicHoliday, "中秋节")),
        .. Enumerable.Range(1, 7).Select(d => new CalendarDay(new(2026, 10, d), CalendarDayKind.PublicHoliday, "国庆节")),
        new CalendarDay(new(2026, 10, 10), CalendarDayKind.MakeUpWorkday, "国庆节调休上班"),
    ]);

    [Fact]
    public void A_posting_released_on_a_monday_runs_to_friday_and_certification_opens_on_saturday()
    {
        var posting = ResultPosting.Starting(new(2026, 11, 2), 5, Autumn2026);

        Assert.Equal(new DateOnly(2026, 11, 2), posting.FirstDay);
        Assert.Equal(new DateOnly(2026, 11, 6), posting.LastDay);
        Assert.Equal(new DateOnly(2026, 11, 7), posting.EligibleFrom);
        Assert.False(posting.Provisional);
    }

    [Fact]
    public void A_make_up_working_day_counts_and_the_holiday_before_it_does_not()
    {
        // Released Wednesday 30 September: 30 Sep, then 1–7 October are holidays, 8 and 9 October are working days,
        // and Saturday 10 October is a make-up working day, then Monday 12 October.
        var posting = ResultPosting.Starting(new(2026, 9, 30), 5, Autumn2026);

        Assert.Equal(
            [new(2026, 9, 30), new(2026, 10, 8), new(2026, 10, 9), new(2026, 10, 10), new DateOnly(2026, 10, 12)],
            posting.Days);
        Assert.Equal(new DateOnly(2026, 10, 13), posting.EligibleFrom);
    }

    [Fact]
    public void A_make_up_sunday_before_a_holiday_is_a_working_day()
    {
        // Released Saturday 19 September: Sunday 20th is a make-up working day, 21–24 are weekdays; 25th is a holiday.
        var posting = ResultPosting.Starting(new(2026, 9, 19), 5, Autumn2026);

        Assert.Equal(new DateOnly(2026, 9, 20), posting.FirstDay);
        Assert.Equal(new DateOnly(2026, 9, 24), posting.LastDay);
        Assert.True(posting.IsPostedOn(new(2026, 9, 19)));
        Assert.False(posting.IsPostedOn(new(2026, 9, 25)));
    }

    [Fact]
    public void A_posting_released_on_a_holiday_starts_on_the_next_working_day()
    {
        var posting = ResultPosting.Starting(new(2026, 10, 3), 5, Autumn2026);

        // 8 and 9 October, Saturday the 10th (make-up), Monday 12 and Tuesday 13.
        Assert.Equal(new DateOnly(2026, 10, 8), posting.FirstDay);
        Assert.Equal(new DateOnly(2026, 10, 13), posting.LastDay);
        Assert.True(posting.IsPostedOn(new(2026, 10, 11)));
    }

    [Fact]
    public void A_posting_that_runs_into_an_unpublished_year_is_provisional()
    {
        var calendar = new StatutoryCalendar([], coveredYears: [2026]);

        Assert.False(ResultPosting.Starting(new(2026, 12, 21), 5, calendar).Provisional);
        Assert.True(ResultPosting.Starting(new(2026, 12, 28), 5, calendar).Provisional);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void A_posting_length_outside_one_to_thirty_working_days_is_refused(int days)
    {
        var e = Assert.Throws<RuleViolation>(() => ResultPosting.Starting(new(2026, 11, 2), days, Autumn2026));
        Assert.Equal("results.posting-days", e.Code);
    }
}

public class CombinedResultTests
{
    private static ComponentScore Theory(decimal? score) => new(AssessmentComponent.Theory, score, 60);
    private static ComponentScore Skill(decimal? score) => new(AssessmentComponent.Skill, score, 60);
    private static ComponentScore Review(decimal? score) => new(AssessmentComponent.Review, score, 60);

    [Theory]
    [InlineData(5, 60.0, 60.0, null, AssessmentOutcome.Passed)]
    [InlineData(3, 60.0, 59.5, null, AssessmentOutcome.Failed)]
    [InlineData(3, 59.5, null, null, AssessmentOutcome.Failed)]
    [InlineData(4, 90.0, null, null, AssessmentOutcome.Pending)]
    [InlineData(3, 60.0, 60.0, 10.0, AssessmentOutcome.Passed)]
    [InlineData(2, 60.0, 60.0, null, AssessmentOutcome.Pending)]
    [InlineData(2, 60.0, 60.0, 60.0, AssessmentOutcome.Passed)]
    [InlineData(1, 80.0, 80.0, 59.0, AssessmentOutcome.Failed)]
    public void Every_required_component_must_reach_its_pass_mark(int level, double theory, double? skill, double? review, AssessmentOutcome expected)
    {
        var scores = new[] { Theory((decimal)theory), Skill((decimal?)skill), Review((decimal?)review) };
        Assert.Equal(expected, CombinedResult.Decide(level, scores));
    }

    [Fact]
    public void Levels_two_and_one_add_the_comprehensive_review()
    {
        Assert.Equal([AssessmentComponent.Theory, AssessmentComponent.Skill], CombinedResult.RequiredFor(3));
        Assert.Contains(AssessmentComponent.Review, CombinedResult.RequiredFor(2));
        Assert.Contains(AssessmentComponent.Review, CombinedResult.RequiredFor(1));
    }

    [Fact]
    public void A_component_scored_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CombinedResult.Decide(4, [Theory(70), Theory(80), Skill(70)]));
    }
}
