using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Subsidies;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Subsidies;

public sealed record SubsidyPolicyView(int Id, string PolicyCode, int Version, string Name, string EnglishName, DateOnly EffectiveFrom, int Precedence,
    SubsidyTerms Terms, string? Note, bool InForce, bool FromReferenceData, DateTimeOffset CreatedAt);

/// <summary>
/// The subsidy policies as versions: admins read them and add a new version with its effective date; no version is
/// ever changed or removed, so a claim always reads under the terms it was assessed by.
/// </summary>
public static class SubsidyPolicies
{
    /// <summary>What <c>POST /api/subsidy/policies</c> takes and the policy page binds.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Choose the policy.")]
        [StringLength(SubsidyPolicyVersion.MaxCode, ErrorMessage = "A policy code is 1 to 40 lower-case letters, digits and hyphens.")]
        public string PolicyCode { get; init; } = "";

        [Required(ErrorMessage = "Give the date the version takes effect.")]
        public DateOnly? EffectiveFrom { get; init; }

        [StringLength(SubsidyPolicyVersion.MaxName, ErrorMessage = "A policy name is 1 to 100 characters.")]
        public string? Name { get; init; }

        [StringLength(SubsidyPolicyVersion.MaxName, ErrorMessage = "A policy name is 1 to 100 characters.")]
        public string? EnglishName { get; init; }

        [Range(1, 100, ErrorMessage = "The precedence is 1 to 100 (1 is considered first).")]
        public int? Precedence { get; init; }

        [Required(ErrorMessage = "Give the terms.")]
        public SubsidyTerms? Terms { get; init; }

        [StringLength(SubsidyPolicyVersion.MaxNote, ErrorMessage = "The note is at most 500 characters.")]
        public string? Note { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser current, TimeProvider clock)
    {
        public async Task<IReadOnlyList<SubsidyPolicyView>> ListAsync(CancellationToken ct)
        {
            var versions = await db.SubsidyPolicies.AsNoTracking().ToListAsync(ct);
            var inForce = SubsidyPolicyVersion.InForce(versions, clock.Today()).Select(v => v.Id).ToHashSet();
            return [.. versions.OrderBy(v => v.Precedence).ThenBy(v => v.PolicyCode).ThenByDescending(v => v.Version)
                .Select(v => new SubsidyPolicyView(v.Id, v.PolicyCode, v.Version, v.Name, v.EnglishName, v.EffectiveFrom, v.Precedence, v.Terms, v.Note,
                    inForce.Contains(v.Id), v.CreatedById is null, v.CreatedAt))];
        }

        /// <summary>
        /// Adds the next version of a policy from a date not in the past and after every earlier version; two admins adding
        /// at once meet at the unique (policy, version) index and the later one is a 409.
        /// </summary>
        public async Task<SubsidyPolicyView> AddVersionAsync(Command command, CancellationToken ct)
        {
            var by = current.RequiredId;
            var latest = await db.SubsidyPolicies.AsNoTracking().Where(v => v.PolicyCode == command.PolicyCode)
                .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct) ?? throw new NotFoundException();
            var terms = command.Terms ?? throw new RuleViolation("subsidy-policy.terms-json", "Give the terms.", "terms");
            var next = latest.Next(command.Name, command.EnglishName,
                command.EffectiveFrom ?? throw new RuleViolation("subsidy-policy.effective", "Give the date the version takes effect.", "effectiveFrom"),
                command.Precedence, terms, command.Note, by, clock.Today(), clock.GetUtcNow());
            db.SubsidyPolicies.Add(next);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new ConflictViolation("subsidy-policy.version-taken", "Another version of this policy was added at the same moment; look again.");
            }
            return (await ListAsync(ct)).Single(v => v.Id == next.Id);
        }
    }
}
