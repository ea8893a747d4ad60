using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// Two centers (A and B), each with staff, a venue, an instructor, a course and a draft cohort, plus a
/// learner and an admin, with a signed-in API client for every role. Made once per factory and shared
/// by the tests of a class, which add their own records beside it.
/// </summary>
public sealed class TestWorld
{
    public const string Password = "correct-horse-battery";

    public required HttpClient Anonymous { get; init; }
    public required HttpClient Learner { get; init; }
    public required HttpClient StaffA { get; init; }
    public required HttpClient StaffB { get; init; }
    public required HttpClient Admin { get; init; }

    public required string LearnerEmail { get; init; }
    public required string StaffAEmail { get; init; }
    public required string StaffBEmail { get; init; }
    public required string AdminEmail { get; init; }

    public required int CenterA { get; init; }
    public required int CenterB { get; init; }
    public required int VenueA { get; init; }
    public required int VenueB { get; init; }
    public required int InstructorA { get; init; }
    public required int CourseA { get; init; }
    public required int CourseB { get; init; }
    public required int DraftCohortA { get; init; }

    public static async Task<TestWorld> CreateAsync(AcademyFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        var centerA = new TrainingCenter("测试中心 A", TestData.NextOrganisationCode(), "31", "上海", null);
        var centerB = new TrainingCenter("测试中心 B", TestData.NextOrganisationCode(), "31", "上海", null);
        db.Centers.AddRange(centerA, centerB);
        await db.SaveChangesAsync();

        var venueA = new Venue(centerA.Id, "A101", 30, null);
        var venueB = new Venue(centerB.Id, "B101", 30, null);
        var instructorA = new Instructor(centerA.Id, "王老师", 2, null);
        var courseA = new Course(centerA.Id, Course.AiTrainerOccupation, 5, "A 中心五级周末班", 18, 42, 2600m, null, TheoryShareBand.Default);
        var courseB = new Course(centerB.Id, Course.AiTrainerOccupation, 4, "B 中心四级周末班", 15, 35, 3200m, null, TheoryShareBand.Default);
        db.AddRange(venueA, venueB, instructorA, courseA, courseB);
        await db.SaveChangesAsync();

        var cohort = new Cohort(courseA, factory.NextSaturday(), WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], 20, venueA);
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync();

        var admin = TestData.Email("admin");
        var staffA = TestData.Email("staff-a");
        var staffB = TestData.Email("staff-b");
        var learner = TestData.Email("learner");
        await accounts.CreateAsync(admin, Password, Roles.Admin);
        await accounts.CreateAsync(staffA, Password, Roles.CenterStaff, centerA.Id);
        await accounts.CreateAsync(staffB, Password, Roles.CenterStaff, centerB.Id);
        await accounts.CreateAsync(learner, Password, Roles.Learner);

        return new TestWorld
        {
            Anonymous = factory.CreateApiClient(),
            Learner = await factory.SignInAsync(learner, Password),
            StaffA = await factory.SignInAsync(staffA, Password),
            StaffB = await factory.SignInAsync(staffB, Password),
            Admin = await factory.SignInAsync(admin, Password),
            LearnerEmail = learner,
            StaffAEmail = staffA,
            StaffBEmail = staffB,
            AdminEmail = admin,
            CenterA = centerA.Id,
            CenterB = centerB.Id,
            VenueA = venueA.Id,
            VenueB = venueB.Id,
            InstructorA = instructorA.Id,
            CourseA = courseA.Id,
            CourseB = courseB.Id,
            DraftCohortA = cohort.Id,
        };
    }
}
