using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using UglyToad.PdfPig;

namespace TrainerAcademy.Tests.ExamSessions;

/// <summary>Exam sessions, registration with the application conditions checked rule by rule, and the admission ticket.</summary>
public abstract class ExamSessionTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : ExamSessionTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : ExamSessionTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static object SessionBody(int level, DateTimeOffset start, int capacity = 50, string mode = "Online", int? venueId = null, int? centerId = null) => new
    {
        centerId, level, title = "四级理论知识考试", mode, venueId, capacity,
        windowStart = start, windowEnd = start.AddHours(3), registrationDeadline = start.AddDays(-2), showReview = true,
    };

    [Fact]
    public async Task Staff_create_a_session_for_their_center_with_the_levels_active_blueprint()
    {
        var w = await factory.WorldAsync();
        var blueprint = await factory.BlueprintAsync(4);
        // Written in Beijing time, as a client in China would; stored and answered in UTC.
        var start = factory.Time.GetUtcNow().AddDays(10).ToOffset(TimeSpan.FromHours(8));

        var created = await (await w.StaffA.PostJsonAsync("/api/exam-sessions", SessionBody(4, start))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(start.UtcDateTime, created.GetProperty("windowStart").GetDateTimeOffset().UtcDateTime, TimeSpan.FromMilliseconds(1));

        Assert.Equal(w.CenterA, created.GetProperty("centerId").GetInt32());
        Assert.Equal(90, created.GetProperty("durationMinutes").GetInt32());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        Assert.Equal(blueprint, (await db.ExamSessions.SingleAsync(s => s.Id == created.Id())).BlueprintId);
        var managed = await (await w.StaffA.GetAsync("/api/exam-sessions/managed")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(managed.EnumerateArray(), s => s.Id() == created.Id());
        var otherCenter = await (await w.StaffB.GetAsync("/api/exam-sessions/managed")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(otherCenter.EnumerateArray(), s => s.Id() == created.Id());
    }

    [Theory]
    [InlineData("window", "exam-session.window")]
    [InlineData("deadline", "exam-session.deadline")]
    [InlineData("onsite-no-venue", "exam-session.venue")]
    [InlineData("venue-too-small", "exam-session.venue-too-small")]
    [InlineData("past", "exam-session.past")]
    [InlineData("level-without-blueprint", "exam-session.no-blueprint")]
    public async Task A_session_that_breaks_a_rule_is_refused_with_422_and_nothing_is_stored(string broken, string code)
    {
        var w = await factory.WorldAsync();
        await factory.BlueprintAsync(4);
        var start = factory.Time.GetUtcNow().AddDays(10);
        var title = "坏场次 " + broken;
        object body = broken switch
        {
            "window" => new { level = 4, title, mode = "Online", capacity = 10, windowStart = start, windowEnd = start.AddHours(-1), registrationDeadline = start.AddDays(-1) },
            "deadline" => new { level = 4, title, mode = "Online", capacity = 10, windowStart = start, windowEnd = start.AddHours(2), registrationDeadline = start.AddHours(1) },
            "onsite-no-venue" => new { level = 4, title, mode = "OnSite", capacity = 10, windowStart = start, windowEnd = start.AddHours(2), registrationDeadline = start.AddDays(-1) },
            "venue-too-small" => new { level = 4, title, mode = "OnSite", venueId = w.VenueA, capacity = 31, windowStart = start, windowEnd = start.AddHours(2), registrationDeadline = start.AddDays(-1) },
            "past" => new { level = 4, title, mode = "Online", capacity = 10, windowStart = factory.Time.GetUtcNow().AddHours(-1), windowEnd = start, registrationDeadline = start.AddDays(-30) },
            _ => new { level = 1, title, mode = "Online", capacity = 10, windowStart = start, windowEnd = start.AddHours(2), registrationDeadline = start.AddDays(-1) },
        };

        var problem = await (await w.StaffA.PostJsonAsync("/api/exam-sessions", body)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(code, problem.GetProperty("code").GetString());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().ExamSessions.AnyAsync(s => s.Title == title));
    }

    [Fact]
    public async Task Learners_and_anonymous_visitors_cannot_create_sessions_and_staff_cannot_change_another_centers()
    {
        var w = await factory.WorldAsync();
        await factory.BlueprintAsync(4);
        var start = factory.Time.GetUtcNow().AddDays(10);

        await (await w.Learner.PostJsonAsync("/api/exam-sessions", SessionBody(4, start))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.PostJsonAsync("/api/exam-sessions", SessionBody(4, start))).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.GetAsync("/api/exam-sessions")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        var session = await factory.ExamSessionAsync(w.CenterA, 4);
        await (await w.StaffB.PutJsonAsync($"/api/exam-sessions/{session}", SessionBody(4, start))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/api/exam-sessions/{session}/registrations")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.PutJsonAsync($"/api/exam-sessions/{session}", SessionBody(4, start, capacity: 40))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_eligible_learner_registers_and_gets_an_admission_ticket_number_once()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4);
        // Level 4, route "6 years in the occupation".
        var candidate = await factory.CandidateAsync(4, yearsInOccupation: 6, Education.SeniorHigh);

        var created = await (await candidate.Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created);

        var ticket = created.GetProperty("ticketNumber").GetString()!;
        Assert.Matches($"^\\d{{2}}4{session:D5}0001$", ticket);
        Assert.Equal(1, await factory.RegisteredCountAsync(session));
        var again = await (await candidate.Client.RegisterAsync(session)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("registration.duplicate", again.GetProperty("code").GetString());
        var mine = await (await candidate.Client.GetAsync("/api/me/registrations")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(ticket, Assert.Single(mine.EnumerateArray()).GetProperty("ticketNumber").GetString());
        var roster = await (await w.StaffA.GetAsync($"/api/exam-sessions/{session}/registrations")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(roster.EnumerateArray(), r => r.GetProperty("ticketNumber").GetString() == ticket);
    }

    [Fact]
    public async Task A_refusal_lists_every_failed_rule_in_words_and_registers_nothing()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 3);
        // Level 3 needs a level 4 certificate on every route; this candidate has none, 2 years, and no training.
        var candidate = await factory.CandidateAsync(3, yearsInOccupation: 2, Education.JuniorCollege, trainingComplete: false);

        var problem = await (await candidate.Client.RegisterAsync(session, new { relatedMajor = true })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("registration.ineligible", problem.GetProperty("code").GetString());
        var rules = problem.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r);
        Assert.True(rules["profile"].GetProperty("passed").GetBoolean());
        Assert.False(rules["training"].GetProperty("passed").GetBoolean());
        Assert.False(rules["conditions"].GetProperty("passed").GetBoolean());
        Assert.Contains("满足其一即可", rules["conditions"].GetProperty("message").GetString());
        // Chinese first: each of the three routes of level 3, with what it lacks.
        var routes = rules["conditions"].GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Equal(3, routes.Count);
        Assert.StartsWith("（1）", routes[0]);
        Assert.All(routes, r => Assert.Contains("4 级证书", r));
        // Route 1 counts the years since the level 4 certificate, which this profile does not give.
        Assert.Contains("取证后从业 5 年", routes[0]);
        Assert.Contains("未填写取证日期", routes[0]);
        Assert.Equal(0, await factory.RegisteredCountAsync(session));
        Assert.Equal(0, await factory.LiveRegistrationsAsync(session));
    }

    [Fact]
    public async Task The_declared_certificate_opens_the_route_it_belongs_to()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 3);
        // Level 3, route "L4 certificate + 大专 or higher in a related major + 2 years since the certificate".
        var candidate = await factory.CandidateAsync(3, yearsInOccupation: 2, Education.Bachelor, certificateObtainedOn: new DateOnly(2020, 7, 1), yearsSinceCertificate: 2);

        var preview = await (await candidate.Client.PostJsonAsync($"/api/exam-sessions/{session}/eligibility", new { relatedMajor = true }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(preview.GetProperty("eligible").GetBoolean());

        var declaration = new { priorCertificateLevel = 4, priorCertificateNumber = "S000031000123254000001", relatedMajor = true };
        var ok = await (await candidate.Client.PostJsonAsync($"/api/exam-sessions/{session}/eligibility", declaration)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(ok.GetProperty("eligible").GetBoolean(), ok.ToString());
        await (await candidate.Client.RegisterAsync(session, declaration)).ExpectJsonAsync(HttpStatusCode.Created);

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().ExamRegistrations.SingleAsync(r => r.SessionId == session);
        Assert.Equal((4, "S000031000123254000001", true, "2021-2"), (stored.PriorCertificateLevel!.Value, stored.PriorCertificateNumber, stored.RelatedMajor, stored.ConditionsVersion));
    }

    [Fact]
    public async Task A_related_高职_graduate_with_a_level_4_certificate_may_sit_level_3_at_once_but_a_大专_graduate_needs_2_years_since_it()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 3);
        var declaration = new { priorCertificateLevel = 4, priorCertificateNumber = "S000031000123254000002", relatedMajor = true };
        // Both hold the certificate since 2025 and have worked 6 years in all, none of them since the certificate.
        var higherVocational = await factory.CandidateAsync(3, 6, Education.HigherVocational, certificateObtainedOn: new DateOnly(2025, 7, 1), yearsSinceCertificate: 0);
        var juniorCollege = await factory.CandidateAsync(3, 6, Education.JuniorCollege, certificateObtainedOn: new DateOnly(2025, 7, 1), yearsSinceCertificate: 0);

        await (await higherVocational.Client.RegisterAsync(session, declaration)).ExpectJsonAsync(HttpStatusCode.Created);
        var refused = await (await juniorCollege.Client.RegisterAsync(session, declaration)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        var routes = refused.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "conditions")
            .GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains("规定的学历", routes[1]);
        Assert.Contains("取证后从业 2 年（您的资料为 0 年）", routes[2]);
        Assert.Equal(1, await factory.LiveRegistrationsAsync(session));
    }

    [Fact]
    public async Task Without_a_complete_profile_the_profile_rule_fails()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 5);
        var candidate = await factory.CandidateAsync(5, 0, Education.SeniorHigh, trainingComplete: false, profile: false);

        var problem = await (await candidate.Client.RegisterAsync(session, new { apprenticeshipCompleted = true })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        var failed = problem.GetProperty("rules").EnumerateArray().Where(r => !r.GetProperty("passed").GetBoolean()).Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Equal(["profile", "training"], failed);
    }

    [Fact]
    public async Task Registration_closes_at_the_deadline_and_a_closed_session_is_409()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4, deadline: factory.Time.GetUtcNow().AddMinutes(-1));
        var candidate = await factory.CandidateAsync(4, 6, Education.SeniorHigh);

        var problem = await (await candidate.Client.RegisterAsync(session)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("registration.closed", problem.GetProperty("code").GetString());
        var open = await (await candidate.Client.GetAsync("/api/exam-sessions?level=4")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(open.EnumerateArray(), s => s.Id() == session);
        var from = Uri.EscapeDataString(factory.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("O"));
        var later = await (await candidate.Client.GetAsync($"/api/exam-sessions?level=4&from={from}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(later.EnumerateArray(), s => s.Id() == session);
    }

    [Fact]
    public async Task Staff_cannot_register_and_another_learner_cannot_see_a_registration_or_its_ticket()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4);
        var candidate = await factory.CandidateAsync(4, 6, Education.SeniorHigh);
        var id = (await (await candidate.Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        await (await w.StaffA.RegisterAsync(session)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Learner.GetAsync($"/api/registrations/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Learner.GetAsync($"/api/registrations/{id}/ticket.pdf")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/api/registrations/{id}/ticket.pdf")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Learner.DeleteAsync($"/api/registrations/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Anonymous.GetAsync($"/api/registrations/{id}/ticket.pdf")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        (await w.StaffA.GetAsync($"/api/registrations/{id}/ticket.pdf")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_admission_ticket_is_a_PDF_with_the_ticket_number_candidate_session_and_rules()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4);
        var candidate = await factory.CandidateAsync(4, 6, Education.SeniorHigh);
        var created = await (await candidate.Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created);

        var response = await candidate.Client.GetAsync($"/api/registrations/{created.Id()}/ticket.pdf");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.GetWords()).Select(word => word.Text));
        Assert.Contains("准考证", text);
        Assert.Contains(created.GetProperty("ticketNumber").GetString()!, text);
        Assert.Contains("张三", text);
        Assert.Contains("四级/中级工", text);
        Assert.Contains("考生须知", text);
        // The ID number is masked on paper.
        Assert.DoesNotMatch(@"\d{17}[\dX]", text);
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "pdf"));
        await File.WriteAllBytesAsync(Path.Combine(RepositoryRoot.Path, "artifacts", "pdf", $"admission-ticket-{factory.Provider}.pdf"), bytes);
    }

    [Fact]
    public async Task Withdrawing_gives_the_seat_back_and_a_second_registration_gets_a_new_ticket()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4, capacity: 1);
        var first = await factory.CandidateAsync(4, 6, Education.SeniorHigh);
        var second = await factory.CandidateAsync(4, 6, Education.SeniorHigh);
        var id = (await (await first.Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var full = await (await second.Client.RegisterAsync(session)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("registration.full", full.GetProperty("code").GetString());

        await (await first.Client.DeleteAsync($"/api/registrations/{id}")).ExpectStatusAsync(HttpStatusCode.NoContent);

        Assert.Equal(0, await factory.RegisteredCountAsync(session));
        var again = await (await second.Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.EndsWith("0002", again.GetProperty("ticketNumber").GetString());
        Assert.Equal(1, await factory.RegisteredCountAsync(session));
    }

    [Fact]
    public async Task Ten_parallel_withdrawals_of_one_registration_give_one_seat_back_and_the_session_never_overfills()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4, capacity: 2);
        var candidates = new List<Candidate>();
        for (var i = 0; i < 6; i++)
            candidates.Add(await factory.CandidateAsync(4, 6, Education.SeniorHigh));
        var id = (await (await candidates[0].Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        await (await candidates[1].Client.RegisterAsync(session)).ExpectJsonAsync(HttpStatusCode.Created);

        Enrollments.Outcome[] withdrawals;
        await using (var held = await HeldLock.TakeAsync(factory, $"SELECT 1 FROM \"ExamRegistrations\" WHERE \"Id\" = {id}"))
        {
            var burst = Enrollments.EnrollmentKit.BurstAsync(
                [.. Enumerable.Range(0, 10).Select(_ => (Func<Task<HttpResponseMessage>>)(() => candidates[0].Client.DeleteAsync($"/api/registrations/{id}")))]);
            await held.WaitForAsync(10);
            await held.DisposeAsync();
            withdrawals = await burst;
        }

        Enrollments.EnrollmentKit.NoServerErrors(withdrawals, factory);
        Assert.All(withdrawals, o => Assert.Equal(HttpStatusCode.NoContent, o.Status));
        Assert.Equal(1, await factory.RegisteredCountAsync(session));

        var rush = await Enrollments.EnrollmentKit.BurstAsync(
            [.. candidates[2..].Select(c => (Func<Task<HttpResponseMessage>>)(() => c.Client.RegisterAsync(session)))]);

        Enrollments.EnrollmentKit.NoServerErrors(rush, factory);
        Assert.Equal(1, rush.Count(o => o.Status == HttpStatusCode.Created));
        Assert.Equal(2, await factory.RegisteredCountAsync(session));
        Assert.Equal(2, await factory.LiveRegistrationsAsync(session));
    }

    [Fact]
    public async Task Of_40_eligible_learners_registering_at_once_for_25_seats_exactly_25_get_a_ticket()
    {
        var w = await factory.WorldAsync();
        var session = await factory.ExamSessionAsync(w.CenterA, 4, capacity: 25);
        var candidates = new List<Candidate>();
        for (var i = 0; i < 40; i++)
            candidates.Add(await factory.CandidateAsync(4, 6, Education.SeniorHigh));

        using var start = new SemaphoreSlim(0);
        var racing = candidates.Select(async c =>
        {
            await start.WaitAsync();
            using var response = await c.Client.RegisterAsync(session);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(racing.Count);
        var outcomes = await Task.WhenAll(racing);

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Equal(25, outcomes.Count(o => o.StatusCode == HttpStatusCode.Created));
        Assert.All(outcomes.Where(o => o.StatusCode != HttpStatusCode.Created), o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Contains("registration.full", o.Body);
        });
        Assert.Equal(25, await factory.RegisteredCountAsync(session));
        Assert.Equal(25, await factory.LiveRegistrationsAsync(session));
        var tickets = outcomes.Where(o => o.StatusCode == HttpStatusCode.Created)
            .Select(o => JsonDocument.Parse(o.Body).RootElement.GetProperty("ticketNumber").GetString()).ToList();
        Assert.Equal(25, tickets.Distinct().Count());
    }
}
