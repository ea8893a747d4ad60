using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Calendar;

public sealed record FeedAddress(string Url, DateTimeOffset CreatedAt);

/// <summary>
/// iCalendar feeds at a secret address: a learner's timetable (the cohorts they hold a place in) or one cohort's.
/// Each session keeps its UID; a changed session carries a higher SEQUENCE and a cancelled one STATUS:CANCELLED,
/// so subscribers' calendars update the event instead of adding a second one.
/// </summary>
public static class CalendarFeeds
{
    public sealed class Handler(AcademyDbContext db, CurrentUser user, PublicUrl publicUrl, CenterAccess access, TimeProvider clock)
    {
        /// <summary>The learner's feed address, made on first request; asking again returns the same one until it is revoked.</summary>
        public async Task<FeedAddress> LearnerFeedAsync(CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.LearnerId == learnerId && f.RevokedAt == null, ct);
            if (feed is null)
            {
                feed = CalendarFeed.ForLearner(learnerId, clock.GetUtcNow());
                db.CalendarFeeds.Add(feed);
                await db.SaveChangesAsync(ct);
            }
            return Address(feed);
        }

        /// <summary>Revokes the learner's feed (a leaked address stops working at once); the next request makes a new one.</summary>
        public async Task RevokeLearnerFeedAsync(CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            foreach (var feed in await db.CalendarFeeds.Where(f => f.LearnerId == learnerId && f.RevokedAt == null).ToListAsync(ct))
                feed.Revoke(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }

        /// <summary>A cohort's feed address, for its center's staff (to publish to learners or a classroom screen).</summary>
        public async Task<FeedAddress> CohortFeedAsync(int cohortId, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct));
            var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.CohortId == cohortId && f.RevokedAt == null, ct);
            if (feed is null)
            {
                feed = CalendarFeed.ForCohort(cohortId, clock.GetUtcNow());
                db.CalendarFeeds.Add(feed);
                await db.SaveChangesAsync(ct);
            }
            return Address(feed);
        }

        /// <summary>The feed as iCalendar text, or null for an unknown or revoked token.</summary>
        public async Task<string?> RenderAsync(string token, CancellationToken ct = default)
        {
            var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.Token == token && f.RevokedAt == null, ct);
            if (feed is null) return null;

            IQueryable<int> cohorts = feed.CohortId is { } cohortId
                ? db.Cohorts.Where(c => c.Id == cohortId).Select(c => c.Id)
                : db.Enrollments.Where(e => e.LearnerId == feed.LearnerId
                                            && (e.Status == EnrollmentStatus.Confirmed || e.Status == EnrollmentStatus.PendingPayment))
                    .Select(e => e.CohortId);
            var rows = await (
                from s in db.CohortSessions.AsNoTracking()
                where cohorts.Contains(s.CohortId)
                join k in db.Cohorts on s.CohortId equals k.Id
                join c in db.Courses on k.CourseId equals c.Id
                join center in db.Centers on s.CenterId equals center.Id
                join v in db.Venues on s.VenueId equals v.Id
                join i in db.Instructors on s.InstructorId equals i.Id
                orderby s.StartsAt
                select new { Session = s, CohortRevision = k.Revision, CohortCancelled = k.Status == CohortStatus.Cancelled, c.Title, CenterName = center.Name, Venue = v.Name, v.Address, Instructor = i.Name })
                .ToListAsync(ct);

            var calendar = new Ical.Net.Calendar { ProductId = "-//TrainerAcademy//Timetable//ZH" };
            calendar.AddProperty("X-WR-CALNAME", feed.CohortId is null ? "我的课表 · TrainerAcademy" : rows.FirstOrDefault()?.Title ?? "课表");
            calendar.AddProperty("X-WR-TIMEZONE", "Asia/Shanghai");
            foreach (var r in rows)
            {
                var s = r.Session;
                var kind = s.Kind == SessionKind.Theory ? "理论" : "实训";
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = $"cohort-{s.CohortId}-session-{s.Sequence}@trainer-academy",
                    // A regenerated timetable comes with a newer cohort revision; a moved or re-staffed session with a newer
                    // session revision: either way the number only grows.
                    Sequence = r.CohortRevision * 1000 + s.Revision,
                    DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, "UTC"),
                    DtStart = new CalDateTime(s.StartsAt.UtcDateTime, "UTC"),
                    DtEnd = new CalDateTime(s.EndsAt.UtcDateTime, "UTC"),
                    Summary = $"{kind} · {r.Title}",
                    Location = string.IsNullOrEmpty(r.Address) ? $"{r.CenterName} {r.Venue}" : $"{r.CenterName} {r.Venue}（{r.Address}）",
                    Description = $"第 {s.Sequence} 次课 · 讲师 {r.Instructor}",
                    Status = s.Status == SessionStatus.Cancelled || r.CohortCancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                });
            }
            return new CalendarSerializer().SerializeToString(calendar);
        }

        private FeedAddress Address(CalendarFeed feed) =>
            new($"{publicUrl.Base}/api/calendar/{feed.Token}.ics", feed.CreatedAt);
    }

    public static void MapCalendarApi(this RouteGroupBuilder api)
    {
        api.MapGet("/calendar/{token}.ics", async (string token, Handler h, CancellationToken ct) =>
                await h.RenderAsync(token, ct) is { } ics
                    ? Results.Text(ics, "text/calendar; charset=utf-8")
                    : Results.NotFound())
            .AllowAnonymous().WithTags("Calendar")
            .WithSummary("A learner's or a cohort's timetable as iCalendar, at a secret, revocable address");

        api.MapPost("/me/calendar-feed", (Handler h, CancellationToken ct) => h.LearnerFeedAsync(ct))
            .RequireAuthorization(Policies.Learner).WithTags("Calendar")
            .WithSummary("The address of the signed-in learner's timetable feed (made on first request)");

        api.MapDelete("/me/calendar-feed", async (Handler h, CancellationToken ct) =>
            {
                await h.RevokeLearnerFeedAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(Policies.Learner).WithTags("Calendar")
            .WithSummary("Revoke the learner's feed address; the old one answers 404 from then on");

        api.MapPost("/cohorts/{id:int}/calendar-feed", (int id, Handler h, CancellationToken ct) => h.CohortFeedAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags("Calendar")
            .WithSummary("The address of a cohort's timetable feed (the center's staff)");
    }
}
