using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Benchmarks;

/// <summary>Grows the demo catalog to the size of a city's market: many centers, courses and open cohorts.</summary>
internal static class CatalogData
{
    public static async Task GrowAsync(IServiceProvider services, int centers, int coursesPerCenter, int cohortsPerCourse)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var firstSaturday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        while (firstSaturday.DayOfWeek != DayOfWeek.Saturday) firstSaturday = firstSaturday.AddDays(1);
        var slots = new[] { TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30") };
        (int Theory, int Practice)[] hours = [(18, 42), (15, 35), (12, 28)];

        for (var c = 0; c < centers; c++)
        {
            var center = new TrainingCenter($"基准测试培训中心 {c + 1:D2}", (9000 + c).ToString("D4", CultureInfo.InvariantCulture), "31", "上海", null);
            db.Centers.Add(center);
            await db.SaveChangesAsync();
            var venue = new Venue(center.Id, "实训机房", 40, null);
            db.Venues.Add(venue);
            var courses = Enumerable.Range(0, coursesPerCenter).Select(i =>
            {
                var level = 5 - i % 3;
                var (theory, practice) = hours[i % 3];
                return new Course(center.Id, Course.AiTrainerOccupation, level, $"人工智能训练师 {level} 级 周末班 {i + 1}", theory, practice,
                    2400m + 400m * (5 - level), "基准测试数据。", TheoryShareBand.Default);
            }).ToList();
            db.Courses.AddRange(courses);
            await db.SaveChangesAsync();
            foreach (var course in courses)
                for (var k = 0; k < cohortsPerCourse; k++)
                {
                    var cohort = new Cohort(course, firstSaturday.AddDays(7 * k), WeekendPattern.Both, slots, 30, venue);
                    cohort.Open();
                    db.Cohorts.Add(cohort);
                }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
