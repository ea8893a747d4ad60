using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Privacy;
using TrainerAcademy.Features.AuditLog;

namespace TrainerAcademy.Features.Privacy;

public sealed record DeletionRequestView(int Id, string UserId, string? Email, string? Name, string? Reason, DeletionRequestStatus Status,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// The right to deletion (PIPL art. 47): a learner asks (个人信息 page or <c>POST /api/me/deletion-request</c>), an administrator
/// carries it out (<c>/admin/deletion-requests</c>). Carrying it out erases the real-name profile's fields, the person's
/// uploaded files and the account's sign-in (e-mail, name, password, phone, external logins, tokens; the account is
/// locked for good), and keeps what the law requires to keep: issued certificates (with the facts they were signed
/// with), enrollments, payments and receipts (accounting law), exam results and the audit log, all under the account's
/// id, which now names nobody.
/// </summary>
public static class Deletion
{
    public sealed record Command
    {
        [StringLength(DeletionRequest.MaxReason, ErrorMessage = "The reason is at most 500 characters.")]
        public string? Reason { get; init; }
    }

    /// <summary>Carrying out cannot be undone: the caller says so (<c>{"confirm": true}</c>).</summary>
    public sealed record CompleteCommand(bool Confirm);

    public sealed class Handler(AcademyDbContext db, CurrentUser current, AuditTrail audit, TimeProvider clock)
    {
        /// <summary>The learner's request; asking again while one waits returns that one.</summary>
        public async Task<DeletionRequestView> RequestAsync(Command command, CancellationToken ct = default)
        {
            var id = current.RequiredId;
            var pending = await db.DeletionRequests.SingleOrDefaultAsync(d => d.UserId == id && d.Status == DeletionRequestStatus.Pending, ct);
            if (pending is null)
            {
                pending = new DeletionRequest(id, command.Reason, clock.GetUtcNow());
                db.DeletionRequests.Add(pending);
                audit.Record(AuditActor.Of(current), AuditActions.DeletionRequested, AuditTargets.Account, id);
                await db.SaveChangesAsync(ct);
            }
            return await ViewAsync(pending.Id, ct);
        }

        /// <summary>The requests for administrators: waiting ones first, then the handled ones, newest first.</summary>
        public async Task<IReadOnlyList<DeletionRequestView>> ListAsync(CancellationToken ct = default) =>
            await (from d in db.DeletionRequests.AsNoTracking()
                   join u in db.Users on d.UserId equals u.Id
                   orderby d.Status == DeletionRequestStatus.Pending descending, d.RequestedAt descending
                   select new DeletionRequestView(d.Id, d.UserId, u.ErasedAt == null ? u.Email : null, u.ErasedAt == null ? u.DisplayName : null,
                       d.Reason, d.Status, d.RequestedAt, d.CompletedAt))
                .Take(500).ToListAsync(ct);

        /// <summary>Carries out a waiting request (an administrator).</summary>
        public async Task<DeletionRequestView> CompleteAsync(int requestId, CompleteCommand command, CancellationToken ct = default)
        {
            if (!command.Confirm)
                throw new RuleViolation("deletion.confirm", "Confirm the deletion: it cannot be undone.", "confirm");
            var request = await db.DeletionRequests.SingleOrDefaultAsync(d => d.Id == requestId, ct) ?? throw new NotFoundException();
            var now = clock.GetUtcNow();
            request.Complete(current.Id, now);
            await EraseAsync(request.UserId, now, ct);
            audit.Record(AuditActor.Of(current), AuditActions.DeletionCompleted, AuditTargets.Account, request.UserId,
                detail: "profile, files and sign-in erased; certificates, payments and audit kept");
            await db.SaveChangesAsync(ct);
            return await ViewAsync(request.Id, ct);
        }

        private async Task EraseAsync(string userId, DateTimeOffset now, CancellationToken ct)
        {
            if (await db.LearnerProfiles.FindAsync([userId], ct) is { } profile) profile.Erase(now);
            // The profile lets go of its photo first (a foreign key), in the same save as the files' removal.
            var files = await db.StoredFiles.Where(f => f.OwnerId == userId).ToListAsync(ct);
            db.StoredFiles.RemoveRange(files);

            var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
            var placeholder = $"erased-{userId}@erased.invalid";
            user.Email = user.UserName = placeholder;
            user.NormalizedEmail = user.NormalizedUserName = placeholder.ToUpperInvariant();
            user.EmailConfirmed = false;
            user.DisplayName = null;
            user.PasswordHash = null;
            user.PhoneNumber = null;
            user.PhoneNumberConfirmed = false;
            user.TwoFactorEnabled = false;
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
            user.ErasedAt = now;
            db.UserLogins.RemoveRange(await db.UserLogins.Where(l => l.UserId == userId).ToListAsync(ct));
            db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == userId).ToListAsync(ct));
            db.UserClaims.RemoveRange(await db.UserClaims.Where(c => c.UserId == userId).ToListAsync(ct));
        }

        private async Task<DeletionRequestView> ViewAsync(int id, CancellationToken ct) =>
            (await ListAsync(ct)).FirstOrDefault(v => v.Id == id)
            ?? await (from d in db.DeletionRequests.AsNoTracking().Where(d => d.Id == id)
                      select new DeletionRequestView(d.Id, d.UserId, null, null, d.Reason, d.Status, d.RequestedAt, d.CompletedAt)).SingleAsync(ct);
    }
}

public static class PrivacyApi
{
    public static void MapPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapPost("/me/deletion-request", (Deletion.Command command, Deletion.Handler h, CancellationToken ct) => h.RequestAsync(command, ct))
            .WithTags("Account")
            .RequireAuthorization(Policies.Learner)
            .WithSummary("Ask for the deletion of your personal data; an administrator carries it out (certificates, payments and the audit log are kept)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var admin = api.MapGroup("/admin").WithTags("Privacy").RequireAuthorization(Policies.Admin);
        admin.MapGet("/deletion-requests", (Deletion.Handler h, CancellationToken ct) => h.ListAsync(ct))
            .WithSummary("Deletion requests, waiting ones first");
        admin.MapPost("/deletion-requests/{id:int}/complete", (int id, Deletion.CompleteCommand command, Deletion.Handler h, CancellationToken ct) =>
                h.CompleteAsync(id, command, ct))
            .WithSummary("Carry out a deletion request: the profile, files and sign-in are erased, certificates, payments and the audit log kept")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapGet("/learners/{userId}/identity", (string userId, PersonalDataAccess access, CancellationToken ct) => access.RevealAsync(userId, ct))
            .WithSummary("A learner's full identity document and phone numbers; every call is written to the audit log (personal-data.revealed)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
