using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ExamSessions;

public sealed record RegistrationResult(int Id, string TicketNumber, int SessionId);

/// <summary>
/// A learner registers for an exam session: the application conditions are checked rule by rule, then a seat is
/// taken by one conditional UPDATE inside the transaction that writes the registration (a CHECK constraint holds
/// the same line), and the admission ticket number is given.
/// </summary>
public static class RegisterForExam
{
    public sealed record Command
    {
        /// <summary>The level of the certificate of this occupation the learner already holds, if any (5 is the lowest).</summary>
        public int? PriorCertificateLevel { get; init; }

        public string? PriorCertificateNumber { get; init; }

        public bool RelatedMajor { get; init; }

        public bool ApprenticeshipCompleted { get; init; }

        public ApplicationDeclaration ToDeclaration()
        {
            if (PriorCertificateLevel is { } level && level is < 1 or > 5)
                throw new RuleViolation("registration.certificate-level", "A certificate level is 1 to 5.", "priorCertificateLevel");
            var number = string.IsNullOrWhiteSpace(PriorCertificateNumber) ? null : PriorCertificateNumber.Trim();
            if (number is { Length: > 40 })
                throw new RuleViolation("registration.certificate-number", "A certificate number is at most 40 characters.", "priorCertificateNumber");
            if (PriorCertificateLevel is not null && number is null)
                throw new RuleViolation("registration.certificate-number-required", "Give the number of the certificate you hold.", "priorCertificateNumber");
            return new ApplicationDeclaration(PriorCertificateLevel, PriorCertificateLevel is null ? null : number, RelatedMajor, ApprenticeshipCompleted);
        }
    }

    public sealed class Handler(AcademyDbContext db, Eligibility eligibility, CurrentUser user, TimeProvider clock)
    {
        private string LearnerId => user.RequiredId;

        /// <summary>The rule-by-rule check, without registering (the page shows it before the learner commits).</summary>
        public async Task<EligibilityReport> PreviewAsync(int sessionId, Command command, CancellationToken ct = default)
        {
            var session = await SessionAsync(sessionId, ct);
            return await eligibility.CheckAsync(LearnerId, session.Level, command.ToDeclaration(), ct);
        }

        public async Task<RegistrationResult> RegisterAsync(int sessionId, Command command, CancellationToken ct = default)
        {
            var learnerId = LearnerId;
            var session = await SessionAsync(sessionId, ct);
            var now = clock.GetUtcNow();
            if (!session.IsOpenForRegistration(now))
                throw new ConflictViolation("registration.closed", "Registration for this session has closed.");
            var declaration = command.ToDeclaration();
            if (await db.ExamRegistrations.AnyAsync(r => r.SessionId == sessionId && r.LearnerId == learnerId && r.Status == RegistrationStatus.Registered, ct))
                throw Duplicate();
            var report = await eligibility.CheckAsync(learnerId, session.Level, declaration, ct);
            if (!report.Eligible)
                throw new EligibilityRefused(report);

            var registration = await db.InTransactionAsync(async token =>
            {
                var taken = await db.ExamSessions
                    .Where(s => s.Id == sessionId && s.Registered < s.Capacity)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Registered, x => x.Registered + 1), token);
                if (taken == 0)
                    throw new ConflictViolation("registration.full", "This session is full. Choose another session.");
                // The session's row is locked by this transaction, so the count (cancelled ones included) is stable.
                var serial = await db.ExamRegistrations.CountAsync(r => r.SessionId == sessionId, token) + 1;
                var registered = new ExamRegistration(session, learnerId, TicketNumber(session, serial), declaration, report.ConditionsVersion, now);
                db.ExamRegistrations.Add(registered);
                try
                {
                    await db.SaveChangesAsync(token);
                }
                catch (DbUpdateException)
                {
                    // The unique index on live registrations: the same learner won a parallel request.
                    throw Duplicate();
                }
                return registered;
            }, ct);
            return new RegistrationResult(registration.Id, registration.TicketNumber, sessionId);
        }

        /// <summary>
        /// The learner withdraws before registration closes; the seat goes back to the session. The registration leaves
        /// the Registered state by one conditional UPDATE, and only the request whose UPDATE changed the row gives the
        /// seat back: parallel withdrawals of one registration return one seat, and a withdrawal that is already done
        /// answers as if it were this one.
        /// </summary>
        public async Task CancelAsync(int registrationId, CancellationToken ct = default)
        {
            var learnerId = LearnerId;
            var registration = await db.ExamRegistrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == registrationId && r.LearnerId == learnerId, ct)
                ?? throw new NotFoundException();
            if (registration.Status == RegistrationStatus.Cancelled) return;
            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == registration.SessionId, ct);
            if (!session.IsOpenForRegistration(clock.GetUtcNow()))
                throw new ConflictViolation("registration.withdraw-closed", "Registration has closed; you can no longer withdraw from this session.");
            if (await db.ExamAttempts.AnyAsync(a => a.RegistrationId == registrationId, ct))
                throw AttemptStarted();

            await db.InTransactionAsync(async token =>
            {
                // One conditional update decides which of racing withdrawals gives the seat back: the one that changed the row.
                var cancelled = RegistrationStatus.Cancelled;
                var withdrawn = await db.ExamRegistrations
                    .Where(r => r.Id == registrationId && r.Status == RegistrationStatus.Registered
                        && !db.ExamAttempts.Any(a => a.RegistrationId == registrationId))
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, cancelled), token);
                if (withdrawn == 0)
                {
                    if (await db.ExamAttempts.AnyAsync(a => a.RegistrationId == registrationId, token)) throw AttemptStarted();
                    return;
                }
                await db.ExamSessions
                    .Where(s => s.Id == registration.SessionId && s.Registered > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Registered, x => x.Registered - 1), token);
            }, ct);
        }

        private static ConflictViolation AttemptStarted() =>
            new("registration.attempt-started", "You have started this exam; the registration stays.");

        private async Task<ExamSession> SessionAsync(int sessionId, CancellationToken ct) =>
            await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException();

        private static ConflictViolation Duplicate() => new("registration.duplicate", "You are already registered for this session.");
    }

    /// <summary>准考证号: 2-digit year of the window, level, 5-digit session, 4-digit serial, e.g. 26 4 00012 0007.</summary>
    public static string TicketNumber(ExamSession session, int serial)
    {
        var year = session.WindowStart.InChina().Year % 100;
        return string.Create(CultureInfo.InvariantCulture, $"{year:D2}{session.Level}{session.Id:D5}{serial:D4}");
    }
}
