using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Catalog;

public sealed record CourseSummary(
    int Id, string Title, string Occupation, int Level, string LevelName, int TheoryHours, int PracticeHours,
    Money Fee, int CenterId, string CenterName, string? Description, int OpenCohorts)
{
    /// <summary>The level's English name, for visitors who chose English; the API keeps the standard's Chinese name.</summary>
    [JsonIgnore]
    public string LevelEnglishName { get; init; } = LevelName;

    [JsonIgnore]
    public string DisplayLevelName => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? LevelEnglishName : LevelName;
}

public sealed record CohortSummary(
    int Id, int CourseId, string CourseTitle, int Level, int CenterId, string CenterName, DateOnly StartsOn, DateOnly EndsOn,
    WeekendPattern WeekendPattern, IReadOnlyList<string> DailySlots, int Capacity, int SeatsLeft, CohortStatus Status,
    int? VenueId, string? VenueName, Money Fee, int Revision);

public sealed record CenterSummary(int Id, string Name, string City);

public sealed record LevelSummary(int Level, string Name, string EnglishName, int ReferenceHours)
{
    /// <summary>The standard's Chinese name, or its English one for a visitor who chose English.</summary>
    [JsonIgnore]
    public string DisplayName => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? EnglishName : Name;
}

/// <summary>The public catalog: courses, their cohorts and seats left. Drafts and cancelled cohorts stay off it.</summary>
public static class CatalogQueries
{
    public static readonly CohortStatus[] PublicStatuses = [CohortStatus.Open, CohortStatus.Running];

    public sealed record CourseFilter(int? Level = null, int? CenterId = null);

    public sealed record CohortFilter(int? CourseId = null, int? Level = null, int? CenterId = null, DateOnly? From = null, bool IncludeUnlisted = false, int? ScopeCenterId = null);

    public sealed class Handler(AcademyDbContext db)
    {
        public async Task<IReadOnlyList<CourseSummary>> CoursesAsync(CourseFilter filter, CancellationToken ct = default)
        {
            var query = db.Courses.AsNoTracking();
            if (filter.Level is { } level) query = query.Where(c => c.Level == level);
            if (filter.CenterId is { } center) query = query.Where(c => c.CenterId == center);
            return await WithOpenCohortsAsync(await ProjectCourses(query).ToListAsync(ct), ct);
        }

        public async Task<CourseSummary?> CourseAsync(int id, CancellationToken ct = default) =>
            (await WithOpenCohortsAsync(await ProjectCourses(db.Courses.AsNoTracking().Where(c => c.Id == id)).ToListAsync(ct), ct)).SingleOrDefault();

        /// <summary>
        /// Counts the open cohorts of all the listed courses in one grouped query; a count per course row
        /// (a correlated subquery) cost PostgreSQL five times the whole list.
        /// </summary>
        private async Task<IReadOnlyList<CourseSummary>> WithOpenCohortsAsync(List<CourseSummary> courses, CancellationToken ct)
        {
            if (courses.Count == 0) return courses;
            var ids = courses.Select(c => c.Id).ToList();
            var open = await db.Cohorts.AsNoTracking()
                .Where(k => k.Status == CohortStatus.Open && ids.Contains(k.CourseId))
                .GroupBy(k => k.CourseId)
                .Select(g => new { CourseId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.CourseId, x => x.Count, ct);
            return courses.Select(c => c with { OpenCohorts = open.GetValueOrDefault(c.Id) }).ToList();
        }

        public async Task<IReadOnlyList<CohortSummary>> CohortsAsync(CohortFilter filter, CancellationToken ct = default)
        {
            var query = db.Cohorts.AsNoTracking();
            if (!filter.IncludeUnlisted) query = query.Where(c => PublicStatuses.Contains(c.Status));
            if (filter.ScopeCenterId is { } scope) query = query.Where(c => c.CenterId == scope);
            if (filter.CourseId is { } course) query = query.Where(c => c.CourseId == course);
            if (filter.CenterId is { } center) query = query.Where(c => c.CenterId == center);
            if (filter.From is { } from) query = query.Where(c => c.StartsOn >= from);
            if (filter.Level is { } level) query = query.Where(c => db.Courses.Any(k => k.Id == c.CourseId && k.Level == level));
            return await ProjectCohorts(query).ToListAsync(ct);
        }

        public async Task<CohortSummary?> CohortAsync(int id, bool includeUnlisted, CancellationToken ct = default)
        {
            var query = db.Cohorts.AsNoTracking().Where(c => c.Id == id);
            if (!includeUnlisted) query = query.Where(c => PublicStatuses.Contains(c.Status));
            return await ProjectCohorts(query).SingleOrDefaultAsync(ct);
        }

        public async Task<IReadOnlyList<CenterSummary>> CentersAsync(CancellationToken ct = default) =>
            await db.Centers.AsNoTracking().OrderBy(c => c.Name).Select(c => new CenterSummary(c.Id, c.Name, c.City)).ToListAsync(ct);

        public async Task<IReadOnlyList<LevelSummary>> LevelsAsync(CancellationToken ct = default) =>
            await db.SkillLevels.AsNoTracking().OrderByDescending(l => l.Level)
                .Select(l => new LevelSummary(l.Level, l.Name, l.EnglishName, l.ReferenceHours)).ToListAsync(ct);

        private IQueryable<CourseSummary> ProjectCourses(IQueryable<Course> courses) =>
            from c in courses
            join center in db.Centers on c.CenterId equals center.Id
            join level in db.SkillLevels on c.Level equals level.Level
            join occupation in db.Occupations on c.OccupationCode equals occupation.Code
            orderby c.Level descending, c.Id descending
            select new CourseSummary(c.Id, c.Title, occupation.Name, c.Level, level.Name, c.TheoryHours, c.PracticeHours,
                new Money(c.Fee, "CNY"), c.CenterId, center.Name, c.Description, 0) { LevelEnglishName = level.EnglishName };

        private IQueryable<CohortSummary> ProjectCohorts(IQueryable<Cohort> cohorts) =>
            from k in cohorts
            join c in db.Courses on k.CourseId equals c.Id
            join center in db.Centers on k.CenterId equals center.Id
            from venue in db.Venues.Where(v => v.Id == k.VenueId).DefaultIfEmpty()
            orderby k.StartsOn, k.Id
            select new CohortSummary(k.Id, k.CourseId, c.Title, c.Level, k.CenterId, center.Name, k.StartsOn, k.EndsOn,
                k.Pattern, SlotTexts(EF.Property<List<TimeSlot>>(k, "_slots")), k.Capacity, k.Capacity - k.SeatsTaken, k.Status,
                k.VenueId, venue == null ? null : venue.Name, new Money(c.Fee, "CNY"), k.Revision);

        private static IReadOnlyList<string> SlotTexts(List<TimeSlot> slots) => slots.Select(s => s.ToString()).ToList();
    }
}
