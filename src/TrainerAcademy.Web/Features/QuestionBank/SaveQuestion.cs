using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Auth;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>Admins add, edit, retire and reinstate questions of the bank; an edit of a question already on a paper adds a version.</summary>
public static class SaveQuestion
{
    /// <summary>The question as the API takes it and its edit page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        /// <summary>Fixed once the question exists; ignored on edit.</summary>
        [StringLength(40, ErrorMessage = "The code is at most 40 characters.")]
        public string? Code { get; init; }

        [Required(ErrorMessage = "Choose the level."), Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; init; }

        [Required(ErrorMessage = "Choose the work function.")]
        public string WorkFunctionCode { get; init; } = "";

        public QuestionType Type { get; init; }

        [Range(1, 3, ErrorMessage = "The difficulty is 1, 2 or 3.")]
        public int Difficulty { get; init; }

        [Required(ErrorMessage = "Enter the stem.")]
        public string Stem { get; init; } = "";

        /// <summary>The options in the order A, B, C…; the form types one a line.</summary>
        [ModelBinder(typeof(OneALineBinder))]
        public IReadOnlyList<string>? Options { get; init; }

        /// <summary>"true"/"false" (or 正确/错误) for true-false; option letters (e.g. "B", "ACD") otherwise.</summary>
        [Required(ErrorMessage = "Enter the answer.")]
        public string Answer { get; init; } = "";

        public string? Explanation { get; init; }

        public QuestionContent ToContent() => new(Type, Difficulty, Stem, Type == QuestionType.TrueFalse ? [] : Options, Answer, Explanation ?? "");
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var content = command.ToContent();
            await EnsureWorkFunctionAsync(command, ct);
            var code = (command.Code ?? "").Trim();
            if (code.Length > 0 && await db.Questions.AnyAsync(q => q.Code == code, ct))
                throw new ConflictViolation("question.code-taken", "Another question has this code.", "code");
            var question = new Question(code, command.Level ?? 0, command.WorkFunctionCode, content, clock.GetUtcNow());
            db.Questions.Add(question);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two admins adding the same code at once: the unique index on Code decides, and the loser hears why.
                throw new ConflictViolation("question.code-taken", "Another question has this code.", "code");
            }
            return question.Id;
        }

        /// <summary>Returns true when a new version was made.</summary>
        public async Task<bool> UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var question = await LoadAsync(id, ct);
            var content = command.ToContent();
            await EnsureWorkFunctionAsync(command, ct);
            var before = question.Versions.Count;
            question.Change(command.Level ?? 0, command.WorkFunctionCode, content, await QuestionBankStore.CurrentIsUsedAsync(db, question, ct), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return question.Versions.Count > before;
        }

        public async Task SetRetiredAsync(int id, bool retired, CancellationToken ct = default)
        {
            var question = await LoadAsync(id, ct);
            if (retired) question.Retire();
            else question.Reinstate();
            await db.SaveChangesAsync(ct);
        }

        private async Task<Question> LoadAsync(int id, CancellationToken ct) =>
            await db.Questions.Include(q => q.Versions).SingleOrDefaultAsync(q => q.Id == id, ct) ?? throw new NotFoundException();

        private async Task EnsureWorkFunctionAsync(Command command, CancellationToken ct) =>
            QuestionBankStore.EnsureWorkFunctionApplies(await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, ct), command.Level ?? 0, command.WorkFunctionCode);
    }
}
