using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Tests.QuestionBank;

/// <summary>Questions, papers and graded attempts made straight through the domain and the DbContext.</summary>
public static class QuestionBankKit
{
    private static int _serial;

    public static string NewCode(string prefix = "T") => $"{prefix}-{Environment.ProcessId % 1000}-{Interlocked.Increment(ref _serial):D4}-{Random.Shared.Next(1000):D3}";

    public static object SingleChoice(string code, string stem = "下列哪一项是正确的？", int level = 5, string workFunction = "data-collection", string answer = "B") => new
    {
        code, level, workFunctionCode = workFunction, type = "SingleChoice", difficulty = 2, stem,
        options = new[] { "甲", "乙", "丙", "丁" }, answer, explanation = "因为乙。",
    };

    public static async Task<T> WithDbAsync<T>(this AcademyFactory factory, Func<AcademyDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    /// <summary>Adds true-false questions of level 5 (data collection) whose key is "true".</summary>
    public static Task<List<QuestionVersion>> AddTrueFalseQuestionsAsync(AcademyFactory factory, int count) => factory.WithDbAsync(async db =>
    {
        var questions = Enumerable.Range(1, count)
            .Select(i => new Question(NewCode("ST"), 5, "data-collection", new QuestionContent(QuestionType.TrueFalse, 1, $"统计用判断题 {i}", null, "true", ""), factory.Time.GetUtcNow()))
            .ToList();
        db.Questions.AddRange(questions);
        await db.SaveChangesAsync();
        return questions.Select(q => q.Current).ToList();
    });

    /// <summary>A level-5 online session of center A with a candidate per answer sheet, each sitting a paper of the given versions (10 points each).</summary>
    public static async Task<(int SessionId, List<int> AttemptIds)> SitPapersAsync(AcademyFactory factory, IReadOnlyList<QuestionVersion> versions,
        IReadOnlyList<string?[]> responses, bool grade)
    {
        var world = await factory.WorldAsync();
        return await factory.WithDbAsync(async db =>
        {
            var now = factory.Time.GetUtcNow();
            var blueprint = await QuestionBankStore.NewestActiveBlueprintAsync(db, 5) ?? throw new InvalidOperationException("No level-5 blueprint is seeded.");
            var session = new ExamSession(world.CenterA, 5, blueprint.Id, "统计测试场次", ExamMode.Online, null, 100,
                now.AddHours(-2), now.AddHours(2), now.AddHours(-3), false, now.AddHours(-4));
            db.ExamSessions.Add(session);
            await db.SaveChangesAsync();

            var attempts = new List<ExamAttempt>();
            foreach (var sheet in responses)
            {
                var user = new ApplicationUser { UserName = NewCode("cand") + "@example.test", Email = NewCode("cand") + "@example.test", CreatedAt = now };
                db.Users.Add(user);
                await db.SaveChangesAsync();
                var registration = new ExamRegistration(session, user.Id, NewCode("TK"), new ApplicationDeclaration(null, null, false, true), "test", now);
                db.ExamRegistrations.Add(registration);
                await db.SaveChangesAsync();
                var items = versions.Select((v, i) => new AttemptItem(i + 1, v, "data-collection", v.Type == QuestionType.TrueFalse ? "" : "0123", 10m)).ToList();
                var attempt = new ExamAttempt(registration, session, blueprint, 1, items, now);
                db.ExamAttempts.Add(attempt);
                await db.SaveChangesAsync();
                attempts.Add(attempt);
            }

            for (var a = 0; a < attempts.Count; a++)
                for (var i = 0; i < versions.Count; i++)
                {
                    var (attemptId, position, response) = (attempts[a].Id, i + 1, responses[a][i]);
                    await db.AttemptItems.Where(x => x.AttemptId == attemptId && x.Position == position)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Response, response).SetProperty(x => x.SavedRevision, 1));
                }

            if (grade)
            {
                db.ChangeTracker.Clear();
                var byId = versions.ToDictionary(v => v.Id);
                var ids = attempts.Select(x => x.Id).ToList();
                foreach (var attempt in await db.ExamAttempts.Include(x => x.Items).Where(x => ids.Contains(x.Id)).ToListAsync())
                {
                    attempt.Submit(now, automatic: false);
                    attempt.Grade(byId, now);
                }
                await db.SaveChangesAsync();
            }
            return (session.Id, attempts.Select(x => x.Id).ToList());
        });
    }
}
