using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Timetable;

/// <summary>What every timetable decision is checked against, loaded one way for generation and for single-session changes.</summary>
public static class TimetableData
{
    /// <summary>
    /// The days without class for one center: the national holidays and make-up working days plus the center's own
    /// closures, and the years whose holidays are published. Generation and single-session changes both load it here, so a closure counts exactly like a holiday.
    /// </summary>
    public static async Task<StatutoryCalendar> CalendarForCenterAsync(this AcademyDbContext db, int centerId, CancellationToken ct)
    {
        var closures = await db.CenterClosures.AsNoTracking().Where(c => c.CenterId == centerId).Select(c => c.Date).ToListAsync(ct);
        return (await db.NationalCalendarAsync(ct)).WithClosures(closures);
    }

    /// <summary>The national holidays and make-up working days alone, for what counts working days nationwide (a results posting).</summary>
    public static async Task<StatutoryCalendar> NationalCalendarAsync(this AcademyDbContext db, CancellationToken ct)
    {
        var days = await db.StatutoryCalendar.AsNoTracking().OrderBy(d => d.Date).ToListAsync(ct);
        // Covered years come from their own records, never from the days present: a year with a few days typed in
        // ahead of the State Council's notice is still unpublished.
        var years = await db.StatutoryCalendarYears.AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        return new StatutoryCalendar(days.Select(d => d.ToCalendarDay()), coveredYears: years);
    }

    /// <summary>The scheduled sessions of the center's other cohorts (from a date, when given), as clash-check bookings.</summary>
    public static async Task<CenterBookings> BookingsAsync(this AcademyDbContext db, int centerId, int exceptCohortId, DateOnly? from, CancellationToken ct)
    {
        var booked = await db.CohortSessions.AsNoTracking()
            .Where(s => s.CenterId == centerId && s.CohortId != exceptCohortId && s.Status == SessionStatus.Scheduled && (from == null || s.Date >= from))
            .ToListAsync(ct);
        return new CenterBookings(booked.Select(s => s.ToBooking()));
    }
}
