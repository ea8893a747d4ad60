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

    /// <summary>
    /// A level-5 sitting seven weeks before seeding that the demo learners passed (theory 86, skill 78), its results
    /// released five weeks ago, so its public posting is over and the certificate can be issued.
    /// </summary>
    public static async Task SeedCertifiedAsync(AcademyDbContext db, TrainingCenter center, IReadOnlyList<string> learnerIds, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var theory = await QuestionBankStore.NewestActiveBlueprintAsync(db, 5, ct)
            ?? throw new InvalidOperationException("The seeded level-5 blueprint is missing (db/seed/blueprints.json).");
        var opens = now.AddDays(-49);
        var skillBlueprint = new Domain.Practical.SkillBlueprint(5, "五级技能考核（演示方案）", 90, 60,
        [
            new Domain.Practical.SkillBlueprintLine(Domain.Practical.PracticalCategory.DataCleaningAndAnnotation, 2, 30),
            new Domain.Practical.SkillBlueprintLine(Domain.Practical.PracticalCategory.BusinessDataProcessing, 2, 20),
        ], opens.AddDays(-30));
        db.SkillBlueprints.Add(skillBlueprint);
        await db.SaveChangesAsync(ct);
        var skill = skillBlueprint.Id;
        var session = new ExamSession(center.Id, 5, theory.Id, "人工智能训练师（五级）理论知识与技能考核（已公示）", ExamMode.Online, null, 100,
            opens, opens.AddHours(4), opens.AddDays(-10), showReview: true, opens.AddDays(-30), skill);
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var serial = 0;
        foreach (var learnerId in learnerIds)
        {
            var registration = new ExamRegistration(session, learnerId, RegisterForExam.TicketNumber(session, ++serial),
                new ApplicationDeclaration(1, null, false, false), "demo", opens.AddDays(-20));
            db.ExamRegistrations.Add(registration);
            await db.SaveChangesAsync(ct);
            var handedIn = opens.AddHours(2);
            var attempts = new[] { new ExamAttempt(registration, session, theory, 1, [], opens), new ExamAttempt(registration, session, skillBlueprint, 1, [], opens) };
            foreach (var attempt in attempts) attempt.Submit(handedIn, automatic: false);
            attempts[0].Grade(new Dictionary<int, QuestionVersion>(), handedIn);
            attempts[1].GradeSkill(handedIn);
            db.ExamAttempts.AddRange(attempts);
            await db.SaveChangesAsync(ct);
            // A demo without papers to score: the scores are set as grading would have set them.
            foreach (var (id, score) in new[] { (attempts[0].Id, 86m), (attempts[1].Id, 78m) })
                await db.ExamAttempts.Where(a => a.Id == id).ExecuteUpdateAsync(a => a.SetProperty(x => x.Score, score).SetProperty(x => x.Passed, true), ct);
        }
        await db.ExamSessions.Where(x => x.Id == session.Id)
            .ExecuteUpdateAsync(x => x.SetProperty(y => y.Registered, serial).SetProperty(y => y.ResultsReleasedAt, now.AddDays(-35)), ct);
    }
}
