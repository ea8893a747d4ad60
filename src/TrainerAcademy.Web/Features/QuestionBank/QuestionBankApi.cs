using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

public static class QuestionBankApi
{
    public static void MapQuestionBankApi(this RouteGroupBuilder api)
    {
        var questions = api.MapGroup("/questions").WithTags("Question bank").RequireAuthorization(Policies.Admin);

        questions.MapGet("", (int? level, string? workFunction, string? type, int? difficulty, string? q, bool? retired, int? page, int? pageSize,
                QuestionQueries.Handler queries, CancellationToken ct) =>
                queries.ListAsync(Filter(level, workFunction, type, difficulty, q, retired), page ?? 1, pageSize ?? QuestionQueries.DefaultPageSize, ct))
            .WithSummary("List questions of the bank (admin), filtered and paged; type is true-false, single-choice or multiple-choice");

        questions.MapGet("/{id:int}", (int id, QuestionQueries.Handler queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithSummary("A question with its key and all its versions (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        questions.MapPost("", async Task<Created<QuestionDetail>> (SaveQuestion.Command command, SaveQuestion.Handler handler, QuestionQueries.Handler queries, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/questions/{id}", await queries.GetAsync(id, ct));
            })
            .WithSummary("Add a question")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        questions.MapPut("/{id:int}", async (int id, SaveQuestion.Command command, SaveQuestion.Handler handler, QuestionQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Edit a question; when its current version is on a paper, the edit becomes a new version")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        questions.MapPost("/{id:int}/retire", async (int id, SaveQuestion.Handler handler, QuestionQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.SetRetiredAsync(id, true, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Retire a question: kept for the papers that used it, never drawn again");

        questions.MapPost("/{id:int}/reinstate", async (int id, SaveQuestion.Handler handler, QuestionQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.SetRetiredAsync(id, false, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Reinstate a retired question");

        questions.MapPost("/import", async Task<Results<Ok<ImportResult>, ProblemHttpResult>> (IFormFile? file, QuestionTransfer.Handler handler,
                IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                if (file is null)
                    return Refused(L, [new ImportError(0, "", L["Choose a file to import."])]);
                await using var stream = file.OpenReadStream();
                var result = await handler.ImportAsync(stream, file.FileName, ct);
                return result.Imported ? TypedResults.Ok(result) : Refused(L, result.Errors);
            })
            .DisableAntiforgery()
            .WithSummary("Import questions from an .xlsx or .csv file (multipart field \"file\"): all rows or none; 422 lists every wrong row and column")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        questions.MapGet("/export.xlsx", async (int? level, string? workFunction, string? type, int? difficulty, string? q, bool? retired,
                QuestionQueries.Handler queries, CancellationToken ct) =>
                TypedResults.File(QuestionTransfer.WriteXlsx(await queries.AllAsync(Filter(level, workFunction, type, difficulty, q, retired), ct)),
                    QuestionTransfer.XlsxContentType, "questions.xlsx"))
            .WithSummary("Export the (filtered) bank as .xlsx, in the import format");

        questions.MapGet("/export.csv", async (int? level, string? workFunction, string? type, int? difficulty, string? q, bool? retired,
                QuestionQueries.Handler queries, CancellationToken ct) =>
                TypedResults.File(QuestionTransfer.WriteCsv(await queries.AllAsync(Filter(level, workFunction, type, difficulty, q, retired), ct)),
                    "text/csv; charset=utf-8", "questions.csv"))
            .WithSummary("Export the (filtered) bank as UTF-8 .csv, in the import format");

        questions.MapGet("/template.xlsx", () => TypedResults.File(QuestionTransfer.WriteXlsx([]), QuestionTransfer.XlsxContentType, "questions-template.xlsx"))
            .WithSummary("An empty import sheet with its header row");

        questions.MapGet("/statistics", (int? level, int? sessionId, ItemStatistics.Handler statistics, CancellationToken ct) =>
                statistics.ComputeAsync(level, sessionId, ct))
            .WithSummary("Per question version over graded attempts: times used, difficulty index p, point-biserial discrimination, flags");

        var blueprints = api.MapGroup("/blueprints").WithTags("Question bank").RequireAuthorization(Policies.Admin);

        blueprints.MapGet("", (int? level, SaveBlueprint.Handler handler, CancellationToken ct) => handler.ListAsync(level, ct))
            .WithSummary("Blueprints per level, with the bank's count beside each line");

        blueprints.MapGet("/{id:int}", (int id, SaveBlueprint.Handler handler, CancellationToken ct) => handler.GetAsync(id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);

        blueprints.MapPost("", async Task<Created<BlueprintDetail>> (SaveBlueprint.Command command, SaveBlueprint.Handler handler, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/blueprints/{id}", await handler.GetAsync(id, ct));
            })
            .WithSummary("Add a blueprint; 422 naming each line the bank cannot fill")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        blueprints.MapPut("/{id:int}", async Task<Ok<BlueprintDetail>> (int id, SaveBlueprint.Command command, SaveBlueprint.Handler handler, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok(await handler.GetAsync(id, ct));
            })
            .WithSummary("Edit a blueprint (lines, duration, pass mark, active)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static QuestionFilter Filter(int? level, string? workFunction, string? type, int? difficulty, string? q, bool? retired) => new()
    {
        Level = level, WorkFunction = workFunction, Type = QuestionTypeNames.Parse(type), Difficulty = difficulty, Q = q, Retired = retired,
    };

    private static ProblemHttpResult Refused(IStringLocalizer L, IReadOnlyList<ImportError> errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Import refused",
        detail: L["Nothing was imported: {0} problems were found. Correct them and import the file again.", errors.Count],
        type: "https://trainer-academy.local/problems/question-import.invalid",
        extensions: new Dictionary<string, object?> { ["code"] = "question-import.invalid", ["errors"] = errors });
}

public static class BlueprintText
{
    /// <summary>"题库不足以满足该组卷方案：数据标注·单选题 需要 5 道，现有 3 道" — every stratum that is short.</summary>
    public static string Describe(IReadOnlyList<BlueprintShortfall> shortfalls, IReadOnlyDictionary<string, string> names, IStringLocalizer L)
    {
        var parts = shortfalls.Select(s => L["{0} · {1}: needs {2}, the bank has {3}", names.GetValueOrDefault(s.WorkFunctionCode, s.WorkFunctionCode),
            TypeName(s.Type, L), s.Needed, s.Available].Value);
        return L["The question bank cannot fill this blueprint: {0}.", string.Join("; ", parts)];
    }

    public static string TypeName(QuestionType type, IStringLocalizer L) => type switch
    {
        QuestionType.TrueFalse => L["True/false"],
        QuestionType.SingleChoice => L["Single choice"],
        _ => L["Multiple choice"],
    };
}
