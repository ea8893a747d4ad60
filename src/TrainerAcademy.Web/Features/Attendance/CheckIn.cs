using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Attendance;

/// <summary>The classroom screen's current code: the address its QR code opens and the moment it turns.</summary>
public sealed record CheckInCodeView(int SessionId, string Code, string Url, string QrSvg, DateTimeOffset RotatesAt, int SecondsLeft);

/// <summary>A learner's mark for a session, as a check-in answers it.</summary>
public sealed record CheckInResult(int SessionId, int EnrollmentId, string Status, int MinutesMissed, string Source, DateTimeOffset RecordedAt);

/// <summary>
/// Self check-in by scanning the classroom screen. Staff of the session's center show a code that rotates every
/// 30 seconds; a learner with a confirmed place in the session's cohort checks in from shortly before the start until the
/// end. A scan after the grace period is a late arrival. One mark per place and session: a second scan, a lost race
/// between two scans, or a mark staff already took all answer with the mark that is stored.
/// </summary>
public static class CheckIn
{
    public sealed record Body(string? Code);

    public sealed class Handler(
        AcademyDbContext db, CenterAccess access, CurrentUser user, PublicUrl publicUrl, CheckInCodes codes, TimeProvider clock,
        IOptions<AttendanceOptions> options, ILogger<Handler> log)
    {
        private AttendanceOptions Options => options.Value;

        /// <summary>The current code of a session, for its center's staff; another center's session is a 404.</summary>
        public async Task<CheckInCodeView> CodeAsync(int sessionId, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.CohortSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct));
            var now = clock.GetUtcNow();
            var code = codes.CurrentCode(sessionId, now);
            var url = $"{publicUrl.Base}/check-in?session={sessionId}&code={Uri.EscapeDataString(code)}";
            var rotatesAt = CheckInCodes.StepEndsAt(now);
            return new CheckInCodeView(sessionId, code, url, QrSvg(url), rotatesAt, (int)Math.Ceiling((rotatesAt - now).TotalSeconds));
        }

        public static string QrSvg(string text)
        {
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
            return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(600, 600), "#000000", "#ffffff", drawQuietZones: true,
                sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        }

        /// <summary>The session when the signed-in learner has a confirmed place in its cohort, else null; an unknown session is a 404.</summary>
        public async Task<SessionHeader?> SessionForLearnerAsync(int sessionId, CancellationToken ct = default)
        {
            var session = await db.SessionHeaderAsync(sessionId, ct) ?? throw new NotFoundException();
            return await PlaceOfAsync(session, ct) is null ? null : session;
        }

        /// <summary>
        /// The stored mark, or null when a check-in would be recorded now; throws the <see cref="RuleViolation"/> the
        /// check-in would throw. Nothing is written.
        /// </summary>
        public async Task<CheckInResult?> PreviewAsync(int sessionId, string? code, CancellationToken ct = default)
        {
            var (session, enrollmentId) = await LoadAsync(sessionId, ct);
            if (await ExistingAsync(sessionId, enrollmentId, ct) is { } existing) return existing;
            EnsureOpen(session, code);
            return null;
        }

        public async Task<CheckInResult> CheckInAsync(int sessionId, string? code, CancellationToken ct = default)
        {
            var (session, enrollmentId) = await LoadAsync(sessionId, ct);
            if (await ExistingAsync(sessionId, enrollmentId, ct) is { } existing) return existing;
            var now = EnsureOpen(session, code);

            var late = now > session.StartsAt.AddMinutes(Options.LateAfterMinutes);
            // A scan in the session's very last minute still leaves a minute attended.
            var missed = late ? Math.Min((int)Math.Floor((now - session.StartsAt).TotalMinutes), session.Minutes - 1) : 0;
            var learnerId = LearnerId;
            var record = new AttendanceRecord(session.SessionId, session.CohortId, session.CenterId, enrollmentId, learnerId);
            record.Mark(late && missed > 0 ? AttendanceStatus.Late : AttendanceStatus.Present, missed, session.Minutes, AttendanceSource.CheckIn, learnerId, now);
            db.AttendanceRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Two scans (or a scan and a staff save) raced to the unique index (session, place): the stored mark stands.
                db.ChangeTracker.Clear();
                if (await ExistingAsync(sessionId, enrollmentId, ct) is { } stored) return stored;
                log.LogError(e, "Check-in of place {Enrollment} for session {Session} failed", enrollmentId, sessionId);
                throw;
            }
            return ToResult(record);
        }

        private string LearnerId => user.RequiredId;

        private async Task<(SessionHeader Session, int EnrollmentId)> LoadAsync(int sessionId, CancellationToken ct)
        {
            var session = await db.SessionHeaderAsync(sessionId, ct) ?? throw new NotFoundException();
            var enrollmentId = await PlaceOfAsync(session, ct);
            if (enrollmentId is null)
                throw new RuleViolation("checkin.not-enrolled", "You have no confirmed place in the class of this session, so you cannot check in to it.");
            return (session, enrollmentId.Value);
        }

        private Task<int?> PlaceOfAsync(SessionHeader session, CancellationToken ct)
        {
            var learnerId = LearnerId;
            return db.Enrollments.AsNoTracking()
                .Where(e => e.CohortId == session.CohortId && e.LearnerId == learnerId && e.Status == EnrollmentStatus.Confirmed)
                .Select(e => (int?)e.Id).FirstOrDefaultAsync(ct);
        }

        private DateTimeOffset EnsureOpen(SessionHeader session, string? code)
        {
            var now = clock.GetUtcNow();
            if (session.Cancelled)
                throw new RuleViolation("checkin.session-cancelled", "This session was cancelled; there is nothing to check in to.");
            if (now < session.StartsAt.AddMinutes(-Options.CheckInOpensMinutesBefore))
                throw new RuleViolation("checkin.not-open", $"Check-in opens {Options.CheckInOpensMinutesBefore} minutes before the session starts.");
            if (now > session.EndsAt)
                throw new RuleViolation("checkin.closed", "This session is over; check-in has closed. Ask the center's staff to record your attendance.");
            if (!codes.IsValid(session.SessionId, code, now))
                throw new RuleViolation("checkin.code-expired", "This code has expired or is not valid. Scan the current code on the classroom screen again.", "code");
            return now;
        }

        private async Task<CheckInResult?> ExistingAsync(int sessionId, int enrollmentId, CancellationToken ct)
        {
            var record = await db.AttendanceRecords.AsNoTracking().SingleOrDefaultAsync(r => r.SessionId == sessionId && r.EnrollmentId == enrollmentId, ct);
            return record is null ? null : ToResult(record);
        }

        private static CheckInResult ToResult(AttendanceRecord r) => new(r.SessionId, r.EnrollmentId, AttendanceData.StatusName(r.Status), r.MinutesMissed,
            r.Source == AttendanceSource.CheckIn ? "checkIn" : "roster", r.RecordedAt);
    }
}
