using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain.Subsidies;

namespace TrainerAcademy.Features.Subsidies;

public static class SubsidiesApi
{
    public static void MapSubsidiesApi(this RouteGroupBuilder api)
    {
        var subsidy = api.MapGroup("/subsidy").WithTags("Subsidy");

        subsidy.MapGet("/eligibility", async Task<Results<Ok<SubsidyEligibilityView>, ProblemHttpResult>> (int? courseId, int? certificateId,
                SubsidyEligibility eligibility, CurrentUser current, CancellationToken ct) =>
            {
                if (courseId is null == certificateId is null)
                    return TypedResults.Problem(title: "Name one course or one certificate", detail: "Give courseId or certificateId.",
                        statusCode: StatusCodes.Status400BadRequest);
                return TypedResults.Ok(certificateId is { } c
                    ? (await eligibility.ForCertificateAsync(current.RequiredId, c, ct)).View
                    : await eligibility.ForCourseAsync(current.RequiredId, courseId!.Value, ct));
            })
            .RequireAuthorization()
            .WithSummary("Whether the signed-in learner may claim the subsidy, and how much: for a course before enrolling (courseId, an estimate) or for a certificate (certificateId). { eligible, amount, rules: [ { rule, passed, reason, reasonZh, reasonEn } ], policy, lastDay }")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var applications = subsidy.MapGroup("/applications");
        applications.MapGet("", (SubsidyClaims.Handler h, CancellationToken ct) => h.MineAsync(ct))
            .RequireAuthorization()
            .WithSummary("The signed-in learner's subsidy claims with their status and history, newest first");
        applications.MapPost("", async (SubsidyClaims.ApplyCommand command, SubsidyClaims.Handler h, CancellationToken ct) =>
            {
                var claim = await h.ApplyAsync(command, ct);
                return TypedResults.Created($"/api/subsidy/applications/{claim.Id}", claim);
            })
            .RequireAuthorization(Policies.Learner)
            .WithSummary("Claim the subsidy with a certificate ({ certificateId }); 201 with the claim, 422 with every rule when not eligible, 409 when the certificate was claimed at the same moment")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        applications.MapGet("/{id:int}", (int id, SubsidyClaims.Handler h, CancellationToken ct) => h.OneAsync(id, ct))
            .RequireAuthorization()
            .WithSummary("A claim with its history, for its learner and admins")
            .ProducesProblem(StatusCodes.Status404NotFound);
        applications.MapPost("/{id:int}/resubmit", (int id, [FromForm] string? note, IFormFile? file, SubsidyClaims.Handler h, CancellationToken ct) =>
                h.ResubmitAsync(id, note, file, ct))
            // The auth cookie is SameSite=Lax, so another site's form cannot post in a learner's name; API clients send a bearer token.
            .DisableAntiforgery()
            .RequireAuthorization(Policies.Learner)
            .WithSummary("Answer a request for documents (multipart: note, optional file) and send the claim back to review")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        applications.MapGet("/{id:int}/documents/{fileId:guid}", async (int id, Guid fileId, SubsidyClaims.Handler h, CancellationToken ct) =>
            {
                var file = await h.DocumentAsync(id, fileId, ct);
                return TypedResults.File(file.Content, file.ContentType, file.Name);
            })
            .RequireAuthorization()
            .WithSummary("A document the learner sent with the claim, for the learner and admins")
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (route, decision, summary) in new[]
                 {
                     ("approve", SubsidyClaims.Decision.Approve, "Approve a submitted claim (optional { reason } as a note)"),
                     ("reject", SubsidyClaims.Decision.Reject, "Reject a claim with { reason }; final, the reason is kept"),
                     ("request-documents", SubsidyClaims.Decision.RequestDocuments, "Ask the learner for documents with { reason }; the learner answers and resubmits"),
                 })
            applications.MapPost($"/{{id:int}}/{route}", (int id, SubsidyClaims.DecisionCommand command, SubsidyClaims.Handler h, CancellationToken ct) =>
                    h.DecideAsync(id, decision, command, ct))
                .RequireAuthorization(Policies.Admin)
                .WithSummary(summary + "; 409 when the claim is not in a state for it or moved past the revision given")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        subsidy.MapGet("/review", (SubsidyApplicationStatus? status, SubsidyClaims.Handler h, CancellationToken ct) => h.QueueAsync(status, ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The review queue: claims awaiting a decision (or of the status given), oldest first");

        var batches = subsidy.MapGroup("/batches").RequireAuthorization(Policies.Admin);
        batches.MapGet("", (SubsidyBatches.Handler h, CancellationToken ct) => h.ListAsync(ct))
            .WithSummary("Batches of approved claims, newest first");
        batches.MapPost("", async (SubsidyBatches.Handler h, CancellationToken ct) =>
            {
                var batch = await h.CreateAsync(ct);
                return TypedResults.Created($"/api/subsidy/batches/{batch.Id}", batch);
            })
            .WithSummary("Put every approved claim not in a batch yet into a new batch; 422 when there is none")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        batches.MapGet("/{id:int}/export", async (int id, SubsidyBatches.Handler h, CancellationToken ct) =>
            {
                var (name, xlsx) = await h.ExportAsync(id, ct);
                return TypedResults.File(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            })
            .WithSummary("The batch as Excel for the human-resources bureau: claimant, identity document, certificate, policy and amount, with the total")
            .ProducesProblem(StatusCodes.Status404NotFound);
        batches.MapPost("/{id:int}/paid", (int id, SubsidyBatches.PaidCommand command, SubsidyBatches.Handler h, CancellationToken ct) =>
                h.MarkPaidAsync(id, command, ct))
            .WithSummary("Mark a batch paid ({ reference }): each of its claims becomes paid, recorded in its history")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var policies = subsidy.MapGroup("/policies");
        policies.MapGet("", (SubsidyPolicies.Handler h, CancellationToken ct) => h.ListAsync(ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Every version of every subsidy policy, with its terms and whether it is in force today");
        policies.MapPost("", async (SubsidyPolicies.Command command, SubsidyPolicies.Handler h, CancellationToken ct) =>
            {
                var version = await h.AddVersionAsync(command, ct);
                return TypedResults.Created($"/api/subsidy/policies/{version.Id}", version);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add the next version of a policy ({ policyCode, effectiveFrom, terms, name?, englishName?, precedence?, note? }), effective from a day not in the past and after the latest version")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
