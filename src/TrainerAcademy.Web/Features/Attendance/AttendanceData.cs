using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Attendance;

/// <summary>One session as the attendance pages head it: what, when (China time) and where.</summary>
public sealed record SessionHeader(
    int SessionId, int CohortId, int CenterId, string CourseTitle, int Sequence, DateOnly Date, string Start, string End,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Kind, string Venue, int Minutes, bool Cancelled);

public static class AttendanceData
{
    public static async Task<SessionHeader?> SessionHeaderAsync(this AcademyDbContext db, int sessionId, CancellationToken ct)
    {
        var row = await (
            from s in db.CohortSessions.AsNoTracking()
            where s.Id == sessionId
            join k in db.Cohorts on s.CohortId equals k.Id
            join c in db.Courses on k.CourseId equals c.Id
            join v in db.Venues on s.VenueId equals v.Id
            select new { Session = s, c.Title, Venue = v.Name }).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var x = row.Session;
        return new SessionHeader(x.Id, x.CohortId, x.CenterId, row.Title, x.Sequence, x.Date, x.Start.ToString("HH:mm"), x.End.ToString("HH:mm"),
            x.StartsAt, x.EndsAt, KindName(x.Kind), row.Venue, x.Minutes, x.Status == SessionStatus.Cancelled);
    }

    public static string KindName(SessionKind kind) => kind == SessionKind.Theory ? "theory" : "practice";

    /// <summary>The API's name of a mark: "present", "late", "leftEarly", "absent", "excused".</summary>
    public static string StatusName(AttendanceStatus status) => status switch
    {
        AttendanceStatus.Present => "present",
        AttendanceStatus.Late => "late",
        AttendanceStatus.LeftEarly => "leftEarly",
        AttendanceStatus.Absent => "absent",
        _ => "excused",
    };

    public static bool TryParseStatus(string? name, out AttendanceStatus status)
    {
        status = default;
        return !string.IsNullOrWhiteSpace(name) && !int.TryParse(name, out _)
               && Enum.TryParse(name.Trim(), ignoreCase: true, out status) && Enum.IsDefined(status);
    }

    /// <summary>The mark as people read it in a report.</summary>
    public static string ChineseLabel(AttendanceStatus status, int minutesMissed) => status switch
    {
        AttendanceStatus.Present => "出勤",
        AttendanceStatus.Late => $"迟到 {minutesMissed} 分钟",
        AttendanceStatus.LeftEarly => $"早退 {minutesMissed} 分钟",
        AttendanceStatus.Absent => "缺勤",
        _ => "请假",
    };
}
