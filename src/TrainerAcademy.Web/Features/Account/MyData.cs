using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.Account;

/// <summary>
/// Everything the platform holds about the signed-in person, as one JSON document they can download (PIPL's right of
/// access and portability): the account, the real-name profile, enrollments with payments and refunds, attendance, exam
/// registrations with each part's outcome, certificates and uploaded files. Only the caller's own records; answer texts
/// and examiners' marks stay with the assessment record and are shown through the results pages.
/// </summary>
public static class MyData
{
    public sealed record Export(DateTimeOffset ExportedAt, AccountData Account, ProfileView? Profile, IReadOnlyList<EnrollmentData> Enrollments,
        IReadOnlyList<AttendanceData> Attendance, IReadOnlyList<RegistrationData> ExamRegistrations, IReadOnlyList<CertificateData> Certificates,
        IReadOnlyList<FileData> Files);

    public sealed record AccountData(string Id, string Email, string? DisplayName, DateTimeOffset CreatedAt, bool EmailConfirmed, bool TwoFactorEnabled,
        IReadOnlyList<string> Roles);

    public sealed record EnrollmentData(int Id, string Course, int CohortId, DateOnly StartsOn, EnrollmentStatus Status, decimal Price,
        DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? ClosedAt, IReadOnlyList<PaymentData> Payments);

    public sealed record PaymentData(int Id, PaymentMethod Method, PaymentStatus Status, decimal Amount, string Currency, decimal RefundedAmount,
        DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

    public sealed record AttendanceData(int EnrollmentId, DateTimeOffset SessionStartsAt, AttendanceStatus Status, int MinutesMissed, DateTimeOffset RecordedAt);

    public sealed record RegistrationData(int Id, string TicketNumber, string Session, int Level, RegistrationStatus Status, DateTimeOffset WindowStart,
        DateTimeOffset CreatedAt, IReadOnlyList<AttemptData> Attempts);

    public sealed record AttemptData(AssessmentComponent Component, AttemptStatus Status, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt,
        decimal? Score, bool? Passed);

    public sealed record CertificateData(int Id, string Number, int Level, DateOnly IssuedOn, string Code, bool Revoked);

    public sealed record FileData(Guid Id, string Name, string ContentType, long Length, DateTimeOffset CreatedAt);

    public sealed class Handler(AcademyDbContext db, CurrentUser current, Profile.Handler profile, TimeProvider clock)
    {
        public async Task<Export> ExportAsync(CancellationToken ct = default)
        {
            var id = current.RequiredId;
            // The owner's own export: identity and phone numbers in full (it is their data, sent to them alone).
            var me = await profile.GetAsync(reveal: true, ct);
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, ct);

            var payments = (await db.Payments.AsNoTracking().Where(p => p.LearnerId == id).OrderBy(p => p.Id).ToListAsync(ct)).ToLookup(p => p.EnrollmentId);
            var enrollments = await (
                from e in db.Enrollments.AsNoTracking().Where(e => e.LearnerId == id)
                join c in db.Cohorts on e.CohortId equals c.Id
                join course in db.Courses on c.CourseId equals course.Id
                orderby e.Id
                select new { e, Course = course.Title, CohortId = c.Id, c.StartsOn }).ToListAsync(ct);

            var attendance = await (
                from a in db.AttendanceRecords.AsNoTracking().Where(a => a.LearnerId == id)
                join s in db.CohortSessions on a.SessionId equals s.Id
                orderby s.StartsAt
                select new AttendanceData(a.EnrollmentId, s.StartsAt, a.Status, a.MinutesMissed, a.RecordedAt)).ToListAsync(ct);

            var attempts = (await db.ExamAttempts.AsNoTracking().Where(a => a.LearnerId == id).OrderBy(a => a.Id)
                    .Select(a => new { a.RegistrationId, Data = new AttemptData(a.Component, a.Status, a.StartedAt, a.SubmittedAt, a.Score, a.Passed) })
                    .ToListAsync(ct))
                .ToLookup(a => a.RegistrationId, a => a.Data);
            var registrations = await (
                from r in db.ExamRegistrations.AsNoTracking().Where(r => r.LearnerId == id)
                join s in db.ExamSessions on r.SessionId equals s.Id
                orderby r.Id
                select new { r.Id, r.TicketNumber, s.Title, s.Level, r.Status, s.WindowStart, r.CreatedAt }).ToListAsync(ct);

            var certificates = await db.Certificates.AsNoTracking().Where(c => c.LearnerId == id).OrderBy(c => c.Id)
                .Select(c => new CertificateData(c.Id, c.Number, c.Level, c.IssuedOn, c.Code, c.RevokedAt != null)).ToListAsync(ct);
            var files = await db.StoredFiles.AsNoTracking().Where(f => f.OwnerId == id).OrderBy(f => f.CreatedAt)
                .Select(f => new FileData(f.Id, f.Name, f.ContentType, f.Length, f.CreatedAt)).ToListAsync(ct);

            return new Export(
                clock.GetUtcNow(),
                new AccountData(user.Id, user.Email!, user.DisplayName, user.CreatedAt, user.EmailConfirmed, user.TwoFactorEnabled, me.Roles),
                me.Profile,
                [.. enrollments.Select(x => new EnrollmentData(x.e.Id, x.Course, x.CohortId, x.StartsOn, x.e.Status, x.e.Price, x.e.CreatedAt, x.e.ConfirmedAt,
                    x.e.ClosedAt, [.. payments[x.e.Id].Select(p => new PaymentData(p.Id, p.Method, p.Status, p.Amount, p.Currency, p.RefundedAmount, p.CreatedAt, p.PaidAt))]))],
                attendance,
                [.. registrations.Select(r => new RegistrationData(r.Id, r.TicketNumber, r.Title, r.Level, r.Status, r.WindowStart, r.CreatedAt, [.. attempts[r.Id]]))],
                certificates,
                files);
        }
    }
}
