using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Domain.Scheduling;

public class StatutoryCalendarTests
{
    private static readonly DateOnly Saturday = new(2026, 3, 7);
    private static readonly DateOnly Sunday = new(2026, 3, 8);

    [Theory]
    [InlineData(WeekendPattern.Saturday, true, false)]
    [InlineData(WeekendPattern.Sunday, false, true)]
    [InlineData(WeekendPattern.Both, true, true)]
    public void An_ordinary_weekend_day_of_the_pattern_is_a_class_day(WeekendPattern pattern, bool saturday, bool sunday)
    {
        Assert.Equal(saturday, StatutoryCalendar.Empty.IsClassDay(Saturday, pattern));
        Assert.Equal(sunday, StatutoryCalendar.Empty.IsClassDay(Sunday, pattern));
    }

    [Fact]
    public void A_weekday_is_never_a_class_day()
    {
        for (var d = Sunday.AddDays(1); d < Sunday.AddDays(6); d = d.AddDays(1))
            Assert.Equal(NonClassDayReason.NotAPatternDay, StatutoryCalendar.Empty.WhyNotClassDay(d, WeekendPattern.Both));
    }

    [Fact]
    public void A_saturday_declared_a_make_up_working_day_is_not_a_class_day()
    {
        var calendar = new StatutoryCalendar([new CalendarDay(Saturday, CalendarDayKind.MakeUpWorkday, "调休上班")]);

        Assert.False(calendar.IsClassDay(Saturday, WeekendPattern.Both));
        Assert.Equal(NonClassDayReason.MakeUpWorkday, calendar.WhyNotClassDay(Saturday, WeekendPattern.Saturday));
        Assert.True(calendar.IsClassDay(Sunday, WeekendPattern.Both));
    }

    [Fact]
    public void A_public_holiday_on_a_weekend_is_not_a_class_day()
    {
        var calendar = new StatutoryCalendar([new CalendarDay(Sunday, CalendarDayKind.PublicHoliday, "植树节")]);

        Assert.Equal(NonClassDayReason.PublicHoliday, calendar.WhyNotClassDay(Sunday, WeekendPattern.Both));
        Assert.Equal("2026-03-08 is a public holiday (植树节).", calendar.Explain(Sunday, WeekendPattern.Both));
        Assert.True(calendar.IsClassDay(Saturday, WeekendPattern.Both));
    }

    [Fact]
    public void A_center_closure_is_not_a_class_day_of_that_center_only()
    {
        var national = new StatutoryCalendar([]);
        var center = national.WithClosures([Saturday]);

        Assert.Equal(NonClassDayReason.CenterClosure, center.WhyNotClassDay(Saturday, WeekendPattern.Both));
        Assert.True(national.IsClassDay(Saturday, WeekendPattern.Both));
        Assert.True(center.WithClosures([]).IsClassDay(Saturday, WeekendPattern.Both));
    }

    [Fact]
    public void The_next_class_day_passes_over_holidays_make_up_days_and_closures()
    {
        var calendar = new StatutoryCalendar(
            [new CalendarDay(Saturday, CalendarDayKind.PublicHoliday, "假日"), new CalendarDay(Sunday, CalendarDayKind.MakeUpWorkday, "调休上班")],
            [Saturday.AddDays(7)]);

        Assert.Equal(Sunday.AddDays(7), calendar.NextClassDay(Saturday.AddDays(-2), WeekendPattern.Both));
        Assert.Equal(Saturday.AddDays(14), calendar.NextClassDay(Saturday, WeekendPattern.Saturday));
    }

    [Theory]
    [InlineData(2026, 3, 9)] // Monday
    [InlineData(2026, 3, 13)] // Friday
    public void A_make_up_working_day_on_a_weekday_is_refused(int y, int m, int d)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => new CalendarDay(new DateOnly(y, m, d), CalendarDayKind.MakeUpWorkday, "调休上班"));

        Assert.Equal("calendar.make-up-weekday", e.Code);
        Assert.Equal("date", e.Field);
    }

    [Fact]
    public void A_day_listed_both_as_holiday_and_as_working_day_is_refused()
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => new StatutoryCalendar([
            new CalendarDay(Saturday, CalendarDayKind.PublicHoliday, "假日"),
            new CalendarDay(Saturday, CalendarDayKind.MakeUpWorkday, "调休上班")]));

        Assert.Equal("calendar.conflicting-day", e.Code);
    }

    [Fact]
    public void Two_festivals_on_one_day_are_one_holiday()
    {
        var october1 = new DateOnly(2020, 10, 1);

        var calendar = new StatutoryCalendar([
            new CalendarDay(october1, CalendarDayKind.PublicHoliday, "国庆节"),
            new CalendarDay(october1, CalendarDayKind.PublicHoliday, "中秋节")]);

        Assert.Equal("国庆节", Assert.Single(calendar.Days).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_calendar_day_needs_a_name(string name) =>
        Assert.Equal("calendar.name", Assert.ThrowsAny<RuleViolation>(() => new CalendarDay(Saturday, CalendarDayKind.PublicHoliday, name)).Code);

    [Fact]
    public void A_pattern_with_no_weekend_day_has_no_next_class_day() =>
        Assert.Equal("calendar.no-class-day", Assert.ThrowsAny<RuleViolation>(() => StatutoryCalendar.Empty.NextClassDay(Saturday, WeekendPattern.None)).Code);
}
