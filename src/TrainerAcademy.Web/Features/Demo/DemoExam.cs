using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSessions;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Demo;

/// <summary>
/// A level-4 theory exam for the demo, drawn from the seeded bank with the seeded level-4 blueprint: a session whose
/// window is open from an hour before seeding until the evening, and the demo learner registered for it, so the exam
/// page can be tried at once. A level-3 session holds the theory exam and the skill assessment (the seeded level-3
/// skill blueprint), open the same way with the demo learner registered, so the workbench can be tried too.
/// </summary>
public static class DemoExam
{
    public static async Task SeedAsync(AcademyDbContext db, TrainingCenter center, string learnerId, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var blueprint = await QuestionBankStore.NewestActiveBlueprintAsync(db, 4, ct)
            ?? throw new InvalidOperationException("The seeded level-4 blueprint is missing (db/seed/blueprints.json).");
        var opens = now.AddHours(-1);
        var session = new ExamSession(center.Id, 4, blueprint.Id, "人工智能训练师（四级）理论知识考试（演示场次）", ExamMode.Online, null, 100,
            opens, now.AddHours(10), opens.AddDays(-1), showReview: true, now);
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync(ct);
        db.ExamRegistrations.Add(new ExamRegistration(session, learnerId, RegisterForExam.TicketNumber(session, 1),
            new ApplicationDeclaration(5, "S000031000123255000001", false, false), "demo", now));
        await db.ExamSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Registered, 1), ct);
        await db.SaveChangesAsync(ct);

        if (await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, 3, ct) is { } skillBlueprintId
            && await QuestionBankStore.NewestActiveBlueprintAsync(db, 3, ct) is { } theory3)
        {
            var skill = new ExamSession(center.Id, 3, theory3.Id, "人工智能训练师（三级）理论知识与技能考核（演示）", ExamMode.Online, null, 100,
                opens, now.AddHours(10), opens.AddDays(-1), showReview: true, now, skillBlueprintId);
            db.ExamSessions.Add(skill);
            await db.SaveChangesAsync(ct);
            db.ExamRegistrations.Add(new ExamRegistration(skill, learnerId, RegisterForExam.TicketNumber(skill, 1),
                new ApplicationDeclaration(4, "S000031000123244000001", true, false), "demo", now));
            await db.ExamSessions.Where(s => s.Id == skill.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Registered, 1), ct);
            await db.SaveChangesAsync(ct);
        }

        // A later sitting still taking registrations, so the registration page and its rule-by-rule check can be tried.
        var saturday = clock.Today().AddDays(15);
        while (saturday.DayOfWeek != DayOfWeek.Saturday) saturday = saturday.AddDays(1);
        var later = AcademyTime.FromChina(saturday.ToDateTime(new TimeOnly(9, 0)));
        db.ExamSessions.Add(new ExamSession(center.Id, 4, blueprint.Id, "人工智能训练师（四级）理论知识考试（下月场）", ExamMode.Online, null, 200,
            later, later.AddHours(3), later.AddDays(-3), showReview: true, now));
        await db.SaveChangesAsync(ct);
    }
}
