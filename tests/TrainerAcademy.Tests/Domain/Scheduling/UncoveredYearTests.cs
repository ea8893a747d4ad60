using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using static TrainerAcademy.Tests.Domain.Scheduling.SchedulingTestData;

namespace TrainerAcademy.Tests.Domain.Scheduling;

/// <summary>A cohort planned across the end of the last year whose statutory calendar is published (2027 in the seed) into one that is not.</summary>
public class UncoveredYearTests
{
    private static readonly StatutoryCalendarSeed Seed = StatutoryCalendarSeed.ReadEmbedded();

    /// <summary>A Saturday three weekends before 2028 begins; 60 hours on both weekend days run into January 2028.</summary>
    private static readonly DateOnly December11th2027 = new(2027, 12, 11);

    private static readonly DateOnly NewYear2028 = new(2028, 1, 1);

    private static TimetableResult Generate(StatutoryCalendar calendar)
    {
        var result = TimetableGenerator.Generate(Request(startsOn: December11th2027, calendar: calendar));
        Assert.True(result.Succeeded, result.Conflicts?.ToString());
        return result;
    }

    [Fact]
    public void The_seed_covers_its_own_years_and_no_later_one()
    {
        var calendar = Seed.ToCalendar();

        Assert.Equal([2026, 2027], calendar.CoveredYears);
        Assert.True(calendar.Covers(new DateOnly(2027, 12, 31)));
        Assert.False(calendar.Covers(NewYear2028));
    }

    [Fact]
    public void Sessions_in_an_uncovered_year_are_planned_on_its_weekends_and_the_timetable_is_provisional_with_exactly_those_dates()
    {
        var result = Generate(Seed.ToCalendar());

        var dates = result.Sessions.Select(s => s.Date).Distinct().ToList();
        Assert.Contains(dates, d => d.Year == 2027);
        Assert.Contains(dates, d => d.Year == 2028);
        // 元旦 2028 is all but certain to be a holiday, yet nothing is published against it: planned, and said to be unsure.
        Assert.Contains(NewYear2028, dates);
        Assert.True(result.Provisional);
        Assert.Equal(dates.Where(d => d.Year == 2028).Order(), result.UncoveredDates);
        Assert.DoesNotContain(result.UncoveredDates, d => d.Year == 2027);
    }

    [Fact]
    public void Days_entered_for_an_unpublished_year_are_kept_free_but_do_not_make_the_year_covered()
    {
        var calendar = new StatutoryCalendar(
            [.. Seed.ToCalendar().Days, new CalendarDay(NewYear2028, CalendarDayKind.PublicHoliday, "元旦")],
            coveredYears: Seed.Years.Select(y => y.Year));

        var result = Generate(calendar);

        Assert.DoesNotContain(result.Sessions, s => s.Date == NewYear2028);
        Assert.True(result.Provisional);
        Assert.All(result.UncoveredDates, d => Assert.Equal(2028, d.Year));
        Assert.Equal(result.Sessions.Where(s => s.Date.Year == 2028).Select(s => s.Date).Distinct().Order(), result.UncoveredDates);
    }

    [Fact]
    public void Once_the_year_is_covered_the_same_cohort_is_not_provisional()
    {
        var covered = new StatutoryCalendar(Seed.ToCalendar().Days, coveredYears: [2026, 2027, 2028]);

        var result = Generate(covered);

        Assert.False(result.Provisional);
        Assert.Empty(result.UncoveredDates);
    }

    [Fact]
    public void A_center_view_of_the_calendar_covers_the_same_years()
    {
        var calendar = Seed.ToCalendar().WithClosures([new DateOnly(2027, 12, 11)]);

        Assert.Equal([2026, 2027], calendar.CoveredYears);
        Assert.False(calendar.IsClassDay(new DateOnly(2027, 12, 11), WeekendPattern.Both));
    }

    [Fact]
    public void A_calendar_built_from_days_alone_covers_the_years_of_those_days()
    {
        var calendar = new StatutoryCalendar([new CalendarDay(new DateOnly(2030, 10, 1), CalendarDayKind.PublicHoliday, "国庆节")]);

        Assert.True(calendar.Covers(2030));
        Assert.False(calendar.Covers(2031));
        Assert.False(StatutoryCalendar.Empty.Covers(2026));
    }

    [Fact]
    public void The_dates_that_clash_with_a_published_year_are_its_holidays_and_make_up_days_among_the_sessions()
    {
        var published = new StatutoryCalendar(
            [new CalendarDay(NewYear2028, CalendarDayKind.PublicHoliday, "元旦"), new CalendarDay(new DateOnly(2028, 1, 8), CalendarDayKind.MakeUpWorkday, "调休上班")],
            coveredYears: [2028]);

        Assert.Equal([NewYear2028, new DateOnly(2028, 1, 8)],
            published.Marked([new DateOnly(2028, 1, 8), NewYear2028, new DateOnly(2028, 1, 2), NewYear2028]));
    }
}
