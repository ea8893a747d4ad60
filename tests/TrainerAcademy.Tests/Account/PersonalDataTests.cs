using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.AuditLog;
using TrainerAcademy.Features.Privacy;
using TrainerAcademy.Tests.Infrastructure;

namespace TrainerAcademy.Tests.Account;

/// <summary>
/// Personal data (PIPL): identity and phone numbers encrypted at rest with a keyed hash for uniqueness, masked where they are
/// shown, full only where an administrator needs them (audited), consent recorded, deletion on request.
/// </summary>
public abstract class PersonalDataTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : PersonalDataTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : PersonalDataTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private const string Password = "a long passphrase";

    private async Task<(string Email, string Id, HttpClient Client)> LearnerAsync(bool consented = false)
    {
        var email = TestData.Email("pipl");
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(email, Password, Roles.Learner, privacyNoticeVersion: consented ? PrivacyNotice.Version : null);
        return (email, user.Id, await factory.SignInAsync(email, Password));
    }

    private static object Profile(string idNumber, string phone = "13800138000", bool accept = true) => new
    {
        realName = "隐私测试", idType = "ResidentIdCard", idNumber, phone, employment = "Employed", yearsInOccupation = 2,
        education = "Bachelor", acceptPrivacyNotice = accept,
    };

    private async Task<T> DbAsync<T>(Func<AcademyDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    private sealed class RawProfile
    {
        public string? IdNumber { get; set; }
        public string? Phone { get; set; }
        public string? IdNumberHash { get; set; }
    }

    /// <summary>The columns as the database holds them, read with SQL past the value converters.</summary>
    private Task<RawProfile> RawAsync(string userId) => DbAsync(db => db.Database
        .SqlQuery<RawProfile>($"""SELECT "IdNumber", "Phone", "IdNumberHash" FROM "LearnerProfiles" WHERE "UserId" = {userId}""")
        .SingleAsync());

    [Fact]
    public async Task The_database_holds_no_plain_identity_or_phone_number_and_the_api_shows_them_masked()
    {
        var (_, id, learner) = await LearnerAsync();
        var idNumber = TestData.UniqueIdNumber();

        var saved = await (await learner.PutJsonAsync("/api/me/profile", Profile(idNumber, "13912345678"))).ExpectJsonAsync(HttpStatusCode.OK);

        var masked = ChineseIdNumber.Mask(idNumber);
        Assert.Equal((masked, "139****5678"), (saved.GetProperty("idNumber").GetString(), saved.GetProperty("phone").GetString()));
        var me = await (await learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(masked, me.GetProperty("profile").GetProperty("idNumber").GetString());
        Assert.Equal("139****5678", me.GetProperty("profile").GetProperty("phone").GetString());
        Assert.DoesNotContain(idNumber, me.GetRawText());

        var raw = await RawAsync(id);
        Assert.StartsWith("pd1:", raw.IdNumber);
        Assert.StartsWith("pd1:", raw.Phone);
        Assert.DoesNotContain(idNumber, raw.IdNumber);
        Assert.DoesNotContain(idNumber[^6..], raw.IdNumber);
        Assert.DoesNotContain("5678", raw.Phone);
        Assert.Matches("^[0-9a-f]{64}$", raw.IdNumberHash);
        // Read through the context, the value is the plain one; the owner's own export has it in full.
        Assert.Equal(idNumber, await DbAsync(db => db.LearnerProfiles.Where(p => p.UserId == id).Select(p => p.IdNumber).SingleAsync()));
        var data = await (await learner.GetAsync("/api/me/data")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(idNumber, data.GetProperty("profile").GetProperty("idNumber").GetString());
        Assert.DoesNotContain(idNumber, factory.LogText);
    }

    [Fact]
    public async Task Sending_back_the_masked_values_keeps_the_numbers_and_a_whole_new_number_replaces_them()
    {
        var (_, id, learner) = await LearnerAsync(consented: true);
        var idNumber = TestData.UniqueIdNumber();
        var shown = await (await learner.PutJsonAsync("/api/me/profile", Profile(idNumber))).ExpectJsonAsync(HttpStatusCode.OK);

        await (await learner.PutJsonAsync("/api/me/profile", Profile(shown.GetProperty("idNumber").GetString()!, shown.GetProperty("phone").GetString()!)))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var stored = await DbAsync(db => db.LearnerProfiles.AsNoTracking().SingleAsync(p => p.UserId == id));
        Assert.Equal((idNumber, "13800138000"), (stored.IdNumber, stored.Phone));

        var other = TestData.UniqueIdNumber();
        await (await learner.PutJsonAsync("/api/me/profile", Profile(other, "13700137000"))).ExpectJsonAsync(HttpStatusCode.OK);
        stored = await DbAsync(db => db.LearnerProfiles.AsNoTracking().SingleAsync(p => p.UserId == id));
        Assert.Equal((other, "13700137000"), (stored.IdNumber, stored.Phone));
        Assert.Equal(factory.Services.GetRequiredService<IPersonalDataProtector>().IdNumberHash(IdType.ResidentIdCard, other), stored.IdNumberHash);
    }

    [Fact]
    public async Task A_second_account_cannot_hold_the_same_identity_number()
    {
        var (_, _, first) = await LearnerAsync(consented: true);
        var (_, secondId, second) = await LearnerAsync(consented: true);
        var idNumber = TestData.UniqueIdNumber();
        await (await first.PutJsonAsync("/api/me/profile", Profile(idNumber))).ExpectJsonAsync(HttpStatusCode.OK);

        var problem = await (await second.PutJsonAsync("/api/me/profile", Profile(idNumber.ToLowerInvariant())))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("profile.id-number-taken", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("idNumber", out _), problem.ToString());
        Assert.DoesNotContain(idNumber, problem.GetRawText());
        Assert.Null(await DbAsync(db => db.LearnerProfiles.Where(p => p.UserId == secondId).Select(p => p.IdNumber).SingleOrDefaultAsync()));
        // Another document type with the same characters is another document.
        await (await second.PutJsonAsync("/api/me/profile", new
        {
            realName = "隐私测试", idType = "Passport", idNumber = "E" + idNumber[..8], phone = "13800138000", acceptPrivacyNotice = true,
        })).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Parallel_saves_of_one_identity_number_by_several_accounts_leave_it_to_one()
    {
        var learners = new List<HttpClient>();
        for (var i = 0; i < 4; i++) learners.Add((await LearnerAsync(consented: true)).Client);
        var idNumber = TestData.UniqueIdNumber();

        var responses = await Task.WhenAll(learners.Select(c => c.PutJsonAsync("/api/me/profile", Profile(idNumber))));

        var codes = responses.Select(r => (int)r.StatusCode).OrderBy(c => c).ToList();
        Assert.Equal([200, 422, 422, 422], codes);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.UnprocessableEntity))
            Assert.Equal("profile.id-number-taken", (await refused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        var hash = factory.Services.GetRequiredService<IPersonalDataProtector>().IdNumberHash(IdType.ResidentIdCard, idNumber);
        Assert.Equal(1, await DbAsync(db => db.LearnerProfiles.CountAsync(p => p.IdNumberHash == hash)));
    }

    [Fact]
    public async Task Identity_numbers_need_consent_recorded_once_with_the_notice_version()
    {
        var (_, id, learner) = await LearnerAsync();

        var refused = await (await learner.PutJsonAsync("/api/me/profile", Profile(TestData.UniqueIdNumber(), accept: false)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("profile.consent-required", refused.GetProperty("code").GetString());
        Assert.Null(await DbAsync(db => db.LearnerProfiles.Where(p => p.UserId == id).Select(p => p.IdNumber).SingleOrDefaultAsync()));

        await (await learner.PutJsonAsync("/api/me/profile", Profile(TestData.UniqueIdNumber()))).ExpectJsonAsync(HttpStatusCode.OK);
        var me = await (await learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(PrivacyNotice.Version, me.GetProperty("privacyNoticeVersion").GetString());
        Assert.Equal(JsonValueKind.String, me.GetProperty("privacyConsentAt").ValueKind);
        // Once given, later saves need not repeat it.
        await (await learner.PutJsonAsync("/api/me/profile", Profile(TestData.UniqueIdNumber(), accept: false))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_register_page_refuses_without_consent_and_records_it_with_the_version_and_time()
    {
        var browser = factory.CreateBrowserClient();
        var refusedEmail = TestData.Email("no-consent");
        using (var refused = await browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
               {
                   ["Input.DisplayName"] = "刘洋", ["Input.Email"] = refusedEmail, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
               }))
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(await DbAsync(db => db.Users.AnyAsync(u => u.Email == refusedEmail)));

        var email = TestData.Email("consent");
        using (var response = await browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
               {
                   ["Input.DisplayName"] = "刘洋", ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
                   ["Input.AcceptPrivacyNotice"] = "true",
               }))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Equal(PrivacyNotice.Version, user.PrivacyNoticeVersion);
        Assert.Equal(factory.Time.GetUtcNow(), user.PrivacyConsentAt!.Value, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task An_admin_sees_a_full_identity_number_and_the_view_is_in_the_audit_log()
    {
        var w = await factory.WorldAsync();
        var (_, id, learner) = await LearnerAsync(consented: true);
        var idNumber = TestData.UniqueIdNumber();
        await (await learner.PutJsonAsync("/api/me/profile", Profile(idNumber))).ExpectJsonAsync(HttpStatusCode.OK);

        var revealed = await (await w.Admin.GetAsync($"/api/admin/learners/{id}/identity")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(idNumber, revealed.GetProperty("idNumber").GetString());
        Assert.Equal("13800138000", revealed.GetProperty("phone").GetString());
        await (await w.StaffA.GetAsync($"/api/admin/learners/{id}/identity")).ExpectStatusAsync(HttpStatusCode.Forbidden);

        var line = await DbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(a => a.Action == AuditActions.PersonalDataRevealed && a.TargetType == AuditTargets.Account && a.TargetId == id));
        Assert.Equal(w.AdminEmail, await DbAsync(db => db.Users.Where(u => u.Id == line.ActorId).Select(u => u.Email).SingleAsync()));
        Assert.DoesNotContain(idNumber, line.Detail ?? "");

        // The certificate register has full numbers too: its download is audited.
        using var register = await w.Admin.GetAsync("/api/certificates/register?format=csv");
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.PersonalDataRevealed
            && a.TargetType == AuditTargets.CertificateRegister)));
        var page = await (await w.Admin.GetAsync("/api/audit?action=personal-data.revealed")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(id, page.GetRawText());
    }

    [Fact]
    public async Task A_learner_asks_for_deletion_and_the_admin_erases_the_profile_files_and_sign_in_keeping_the_records()
    {
        var w = await factory.WorldAsync();
        var (email, id, learner) = await LearnerAsync(consented: true);
        var idNumber = TestData.UniqueIdNumber();
        await (await learner.PutJsonAsync("/api/me/profile", Profile(idNumber))).ExpectJsonAsync(HttpStatusCode.OK);

        var request = await (await learner.PostJsonAsync("/api/me/deletion-request", new { reason = "不再需要" })).ExpectJsonAsync(HttpStatusCode.OK);
        var again = await (await learner.PostJsonAsync("/api/me/deletion-request", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(request.Id(), again.Id());
        Assert.Equal("Pending", request.GetProperty("status").GetString());
        var me = await (await learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, me.GetProperty("deletionRequestedAt").ValueKind);

        var list = await (await w.Admin.GetAsync("/api/admin/deletion-requests")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), r => r.Id() == request.Id() && r.GetProperty("email").GetString() == email);
        var unconfirmed = await (await w.Admin.PostJsonAsync($"/api/admin/deletion-requests/{request.Id()}/complete", new { }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("deletion.confirm", unconfirmed.GetProperty("code").GetString());

        var done = await (await w.Admin.PostJsonAsync($"/api/admin/deletion-requests/{request.Id()}/complete", new { confirm = true }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        await (await w.Admin.PostJsonAsync($"/api/admin/deletion-requests/{request.Id()}/complete", new { confirm = true }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        var profile = await DbAsync(db => db.LearnerProfiles.AsNoTracking().SingleAsync(p => p.UserId == id));
        Assert.Equal((null, null, null, null), (profile.RealName, profile.IdNumber, profile.Phone, profile.IdNumberHash));
        var user = await DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.NotEqual(email, user.Email);
        Assert.Null(user.PasswordHash);
        Assert.NotNull(user.ErasedAt);
        using var signIn = await factory.CreateApiClient().PostJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DeletionCompleted && a.TargetId == id)));
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DeletionRequested && a.TargetId == id)));
        // The number is free again for a new account of the same person.
        var (_, _, fresh) = await LearnerAsync(consented: true);
        await (await fresh.PutJsonAsync("/api/me/profile", Profile(idNumber))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task On_the_admin_page_a_deletion_is_carried_out_only_once_confirmed()
    {
        var w = await factory.WorldAsync();
        var (_, id, learner) = await LearnerAsync(consented: true);
        await (await learner.PutJsonAsync("/api/me/profile", Profile(TestData.UniqueIdNumber()))).ExpectJsonAsync(HttpStatusCode.OK);
        var request = await (await learner.PostJsonAsync("/api/me/deletion-request", new { reason = "页面确认" })).ExpectJsonAsync(HttpStatusCode.OK);
        var admin = factory.CreateBrowserClient();
        using (var signedIn = await admin.SignInOnPageAsync(w.AdminEmail, TestWorld.Password))
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var list = await admin.GetDocumentAsync("/admin/deletion-requests");
        var row = list.QuerySelector($"tr[data-request='{request.Id()}']")!;
        Assert.Contains("页面确认", row.TextContent);
        var token = row.QuerySelector($"input[name='{Forms.TokenField}']")!.GetAttribute("value")!;
        var url = $"/admin/deletion-requests?handler=Complete&id={request.Id()}";

        var unconfirmed = await admin.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }));
        var shown = await unconfirmed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        var again = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(shown);
        Assert.NotNull(again.QuerySelector($"tr[data-request='{request.Id()}']"));
        Assert.NotEmpty(again.QuerySelectorAll(".validation-summary-errors li"));
        Assert.NotNull(await DbAsync(db => db.LearnerProfiles.AsNoTracking().Where(p => p.UserId == id).Select(p => p.RealName).SingleAsync()));

        var confirmed = await admin.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token, ["Confirm"] = "true" }));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Null(await DbAsync(db => db.LearnerProfiles.AsNoTracking().Where(p => p.UserId == id).Select(p => p.RealName).SingleAsync()));
        var after = await admin.GetDocumentAsync("/admin/deletion-requests");
        Assert.Null(after.QuerySelector($"tr[data-request='{request.Id()}'] [data-testid=complete-deletion]"));
    }

    [Fact]
    public async Task The_profile_page_shows_the_numbers_masked_and_offers_deletion()
    {
        var (email, _, learner) = await LearnerAsync(consented: true);
        var idNumber = TestData.UniqueIdNumber();
        await (await learner.PutJsonAsync("/api/me/profile", Profile(idNumber))).ExpectJsonAsync(HttpStatusCode.OK);
        var browser = factory.CreateBrowserClient();
        using (var signedIn = await browser.SignInOnPageAsync(email, Password))
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var page = await browser.GetDocumentAsync("/account/profile");

        Assert.Equal(ChineseIdNumber.Mask(idNumber), page.QuerySelector("[data-testid=profile-id-number]")!.GetAttribute("value"));
        Assert.Equal("138****8000", page.QuerySelector("[data-testid=profile-phone]")!.GetAttribute("value"));
        Assert.DoesNotContain(idNumber, page.Source.Text);
        Assert.NotNull(page.QuerySelector("[data-testid=request-deletion]"));
    }

    [Fact]
    public async Task Rows_stored_before_encryption_are_encrypted_and_hashed_by_the_backfill()
    {
        var (_, id, _) = await LearnerAsync(consented: true);
        var idNumber = TestData.UniqueIdNumber();
        await DbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "LearnerProfiles" SET "IdNumber" = {idNumber}, "Phone" = {"13600136000"}, "IdNumberHash" = NULL WHERE "UserId" = {id}"""));
        Assert.Equal(idNumber, (await RawAsync(id)).IdNumber);

        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<PersonalDataBackfill>().RunAsync() >= 1);

        var raw = await RawAsync(id);
        Assert.StartsWith("pd1:", raw.IdNumber);
        Assert.StartsWith("pd1:", raw.Phone);
        Assert.Equal(factory.Services.GetRequiredService<IPersonalDataProtector>().IdNumberHash(IdType.ResidentIdCard, idNumber), raw.IdNumberHash);
        var stored = await DbAsync(db => db.LearnerProfiles.AsNoTracking().SingleAsync(p => p.UserId == id));
        Assert.Equal((idNumber, "13600136000"), (stored.IdNumber, stored.Phone));
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PersonalDataBackfill>().RunAsync());
    }
}
