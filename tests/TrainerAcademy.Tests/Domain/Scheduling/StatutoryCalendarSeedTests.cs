using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Domain.Scheduling;

/// <summary>db/seed/statutory-calendar.json: the 2026 arrangement as published and 2027 as far as it can be known.</summary>
public class StatutoryCalendarSeedTests
{
    private static readonly StatutoryCalendarSeed Seed = StatutoryCalendarSeed.ReadEmbedded();

    private static IEnumerable<DateOnly> Range(string first, string last)
    {
        for (var d = DateOnly.Parse(first); d <= DateOnly.Parse(last); d = d.AddDays(1)) yield return d;
    }

    private static DateOnly[] Days(int year, CalendarDayKind kind, string? name = null) =>
        [.. Seed.Items.Where(i => i.Date.Year == year && i.Kind == kind && (name is null || i.Name == name)).Select(i => i.Date)];

    [Fact]
    public void The_embedded_seed_is_the_file_in_db_seed()
    {
        var onDisk = StatutoryCalendarSeed.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "db", "seed", "statutory-calendar.json")));

        Assert.Equal(onDisk.Version, Seed.Version);
        Assert.Equal(onDisk.Items, Seed.Items);
    }

    [Fact]
    public void The_seed_has_a_version_and_a_source_and_marks_each_year_to_be_checked()
    {
        Assert.False(string.IsNullOrWhiteSpace(Seed.Version));
        Assert.Contains("国务院", Seed.Source);
        Assert.Equal([2026, 2027], Seed.Years.Select(y => y.Year));
        Assert.All(Seed.Years, y => Assert.Equal("to be checked against the State Council notice", y.Status));
        Assert.Equal([2026, 2027], Seed.Items.Select(i => i.Date.Year).Distinct().Order());
    }

    [Fact]
    public void The_2026_holidays_are_the_published_arrangement()
    {
        Assert.Equal(
            [.. Range("2026-01-01", "2026-01-03"), .. Range("2026-02-15", "2026-02-23"), .. Range("2026-04-04", "2026-04-06"),
             .. Range("2026-05-01", "2026-05-05"), .. Range("2026-06-19", "2026-06-21"), .. Range("2026-09-25", "2026-09-27"),
             .. Range("2026-10-01", "2026-10-07")],
            Days(2026, CalendarDayKind.PublicHoliday));
        Assert.Equal(["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"],
            Seed.Items.Where(i => i.Date.Year == 2026 && i.Kind == CalendarDayKind.PublicHoliday).Select(i => i.Name).Distinct());
        Assert.DoesNotContain(Seed.Items, i => i.Date.Year == 2026 && i.Provisional);
    }

    [Fact]
    public void The_2026_make_up_working_days_are_the_published_weekend_days()
    {
        var expected = new DateOnly[] { new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10) };

        Assert.Equal(expected, Days(2026, CalendarDayKind.MakeUpWorkday));
        Assert.Equal(
            [DayOfWeek.Sunday, DayOfWeek.Saturday, DayOfWeek.Saturday, DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Saturday],
            expected.Select(d => d.DayOfWeek));
    }

    [Fact]
    public void The_2027_festivals_fall_on_their_lunar_calendar_dates_and_are_not_provisional()
    {
        var statutory = Seed.Items.Where(i => i.Date.Year == 2027 && !i.Provisional).ToList();

        Assert.All(statutory, i => Assert.Equal(CalendarDayKind.PublicHoliday, i.Kind));
        Assert.Equal(
            [new(2027, 1, 1), new(2027, 2, 5), new(2027, 2, 6), new(2027, 2, 7), new(2027, 2, 8), new(2027, 4, 5),
             new(2027, 5, 1), new(2027, 5, 2), new(2027, 6, 9), new(2027, 9, 15), new(2027, 10, 1), new(2027, 10, 2), new(2027, 10, 3)],
            statutory.Select(i => i.Date));
        Assert.Contains(new DateOnly(2027, 2, 6), Days(2027, CalendarDayKind.PublicHoliday, "春节"));
        Assert.Equal([new DateOnly(2027, 4, 5)], Seed.Items.Where(i => i.Name == "清明节" && !i.Provisional && i.Date.Year == 2027).Select(i => i.Date));
        Assert.Equal([new DateOnly(2027, 6, 9)], Days(2027, CalendarDayKind.PublicHoliday, "端午节"));
        Assert.Equal([new DateOnly(2027, 9, 15)], Days(2027, CalendarDayKind.PublicHoliday, "中秋节"));
    }

    [Fact]
    public void Every_2027_make_up_working_day_is_provisional()
    {
        var makeUps = Seed.Items.Where(i => i.Date.Year == 2027 && i.Kind == CalendarDayKind.MakeUpWorkday).ToList();

        Assert.NotEmpty(makeUps);
        Assert.All(makeUps, i => Assert.True(i.Provisional, $"{i.Date} is a 2027 make-up day not marked provisional"));
    }

    [Fact]
    public void Every_make_up_working_day_is_a_saturday_or_sunday() =>
        Assert.All(Seed.Items.Where(i => i.Kind == CalendarDayKind.MakeUpWorkday),
            i => Assert.Contains(i.Date.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }));

    [Fact]
    public void With_the_seeded_calendar_the_national_day_week_and_its_make_up_saturday_are_not_class_days()
    {
        var calendar = Seed.ToCalendar();
        bool ClassDay(int month, int day) => calendar.IsClassDay(new DateOnly(2026, month, day), WeekendPattern.Both);

        Assert.All(Range("2026-10-01", "2026-10-07"), d => Assert.False(calendar.IsClassDay(d, WeekendPattern.Both)));
        Assert.False(ClassDay(9, 20)); // make-up Sunday
        Assert.False(ClassDay(9, 26)); // 中秋
        Assert.False(ClassDay(10, 10)); // make-up Saturday
        Assert.True(ClassDay(9, 19));
        Assert.True(ClassDay(10, 11));
        Assert.Equal(NonClassDayReason.MakeUpWorkday, calendar.WhyNotClassDay(new DateOnly(2026, 2, 14), WeekendPattern.Saturday));
    }

    [Fact]
    public void A_seed_row_reads_its_kind_by_name()
    {
        var seed = StatutoryCalendarSeed.Parse("""
            { "version": "t", "source": "s", "items": [ { "date": "2026-03-07", "kind": "MakeUpWorkday", "name": "调休上班" } ] }
            """);

        var row = Assert.Single(seed.Items);
        Assert.Equal(new StatutoryCalendarSeedRow(new DateOnly(2026, 3, 7), CalendarDayKind.MakeUpWorkday, "调休上班", false), row);
        Assert.Empty(seed.Years);
        Assert.False(seed.ToCalendar().IsClassDay(row.Date, WeekendPattern.Both));
    }
}
