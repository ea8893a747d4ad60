using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Tests.Http;

/// <summary>Registration, sign-in (bearer and cookie), the real-name profile, lockout, rate limits, antiforgery, password reset mail.</summary>
public abstract class AccountTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : AccountTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : AccountTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private const string Password = "a long passphrase";

    private async Task<string> CreateAccountAsync(string role = Roles.Learner)
    {
        var email = TestData.Email(role.ToLowerInvariant());
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, Password, role);
        return email;
    }

    private int MaxFailedAccessAttempts =>
        factory.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;

    [Fact]
    public async Task A_learner_registers_through_the_api_confirms_the_address_signs_in_and_sees_the_learner_role_and_a_profile()
    {
        var client = factory.CreateApiClient();
        var email = TestData.Email("new");

        await (await client.PostJsonAsync("/api/auth/register", new { email, password = Password })).ExpectStatusAsync(HttpStatusCode.OK);
        await factory.ConfirmFromMailAsync(email);
        var token = await TestHttp.LoginAsync(client, email, Password);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await (await client.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(["Learner"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, me.GetProperty("centerId").ValueKind);
        var profile = me.GetProperty("profile");
        Assert.Equal(JsonValueKind.Object, profile.ValueKind);
        Assert.False(profile.GetProperty("isComplete").GetBoolean());
    }

    [Theory]
    [InlineData("short")]
    [InlineData("1234567")]
    public async Task A_password_shorter_than_8_characters_is_refused(string password)
    {
        var response = await factory.CreateApiClient().PostJsonAsync("/api/auth/register", new { email = TestData.Email("weak"), password });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _), problem.ToString());
    }

    [Theory]
    [InlineData("qmvtzkwp")]
    [InlineData("58203916")]
    [InlineData("我的密码是一句很长的话")]
    public async Task Any_password_of_8_characters_or_more_is_accepted_without_composition_rules(string password)
    {
        var email = TestData.Email("plain");
        var client = factory.CreateApiClient();

        await (await client.PostJsonAsync("/api/auth/register", new { email, password })).ExpectStatusAsync(HttpStatusCode.OK);
        await factory.ConfirmFromMailAsync(email);
        await TestHttp.LoginAsync(client, email, password);
    }

    [Fact]
    public async Task A_profile_with_a_wrong_id_check_digit_is_refused_with_422_on_idNumber()
    {
        var learner = await factory.SignInAsync(await CreateAccountAsync(), Password);

        var problem = await (await learner.PutJsonAsync("/api/me/profile", new
        {
            realName = "刘洋", idType = "ResidentIdCard", idNumber = TestData.IdNumberWithWrongCheck(), phone = "13800138000", acceptPrivacyNotice = true,
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("idNumber", out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
        var me = await (await learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, me.GetProperty("profile").GetProperty("idNumber").ValueKind);
    }

    [Fact]
    public async Task A_profile_with_a_bad_phone_is_refused_with_422_on_phone()
    {
        var learner = await factory.SignInAsync(await CreateAccountAsync(), Password);

        var problem = await (await learner.PutJsonAsync("/api/me/profile", new { phone = "12345" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _), problem.ToString());
    }

    [Fact]
    public async Task A_valid_profile_is_saved_and_shown()
    {
        var email = await CreateAccountAsync();
        var learner = await factory.SignInAsync(email, Password);
        var idNumber = TestData.IdNumber(456);

        var saved = await (await learner.PutJsonAsync("/api/me/profile", new
        {
            realName = "刘洋", idType = "ResidentIdCard", idNumber, phone = "13800138000", employment = "Employed",
            socialInsuranceCity = "上海", hukouCity = "苏州", yearsInOccupation = 2, education = "Bachelor", acceptPrivacyNotice = true,
        })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.True(saved.GetProperty("isComplete").GetBoolean());
        var profile = (await (await learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("profile");
        Assert.Equal("刘洋", profile.GetProperty("realName").GetString());
        // Shown masked; the row keeps the full number (decrypted on read).
        Assert.Equal(TrainerAcademy.Domain.ChineseIdNumber.Mask(idNumber), profile.GetProperty("idNumber").GetString());
        Assert.Equal("138****8000", profile.GetProperty("phone").GetString());
        Assert.Equal("Employed", profile.GetProperty("employment").GetString());
        Assert.Equal("Bachelor", profile.GetProperty("education").GetString());
        Assert.Equal(2, profile.GetProperty("yearsInOccupation").GetInt32());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        var row = await db.LearnerProfiles.AsNoTracking().SingleAsync(p => p.UserId == userId);
        Assert.Equal(idNumber, row.IdNumber);
        Assert.Equal("苏州", row.HukouCity);
    }

    [Fact]
    public async Task The_profile_keeps_the_certificate_date_and_the_years_since_it_and_refuses_more_years_than_the_career()
    {
        var learner = await factory.SignInAsync(await CreateAccountAsync(), Password);
        object Body(int yearsSince, string? obtainedOn) => new
        {
            realName = "刘洋", idType = "ResidentIdCard", idNumber = TestData.IdNumber(457), phone = "13800138000", employment = "Employed",
            yearsInOccupation = 6, education = "HigherVocational", certificateObtainedOn = obtainedOn, yearsSinceCertificate = yearsSince,
            acceptPrivacyNotice = true,
        };

        var saved = await (await learner.PutJsonAsync("/api/me/profile", Body(3, "2020-06-30"))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("2020-06-30", 3, "HigherVocational"), (saved.GetProperty("certificateObtainedOn").GetString(),
            saved.GetProperty("yearsSinceCertificate").GetInt32(), saved.GetProperty("education").GetString()));

        var tooMany = await (await learner.PutJsonAsync("/api/me/profile", Body(7, "2010-01-01"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("profile.years-since-certificate-total", tooMany.GetProperty("code").GetString());
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("yearsSinceCertificate", out _), tooMany.ToString());
        var future = await (await learner.PutJsonAsync("/api/me/profile", Body(0, "2999-01-01"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(future.GetProperty("errors").TryGetProperty("certificateObtainedOn", out _), future.ToString());
        var alone = await (await learner.PutJsonAsync("/api/me/profile", Body(2, null))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("profile.certificate-history", alone.GetProperty("code").GetString());

        var profile = (await (await learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("profile");
        Assert.Equal(3, profile.GetProperty("yearsSinceCertificate").GetInt32());
    }

    [Fact]
    public async Task The_profile_page_binds_the_command_of_the_api_and_shows_its_rules_in_Chinese()
    {
        var email = await CreateAccountAsync();
        var browser = factory.CreateBrowserClient();
        using (await browser.SignInOnPageAsync(email, Password)) { }

        using var refused = await browser.SubmitFormAsync("/account/profile", new Dictionary<string, string>
        {
            ["Input.RealName"] = new string('刘', 51), ["Input.IdType"] = "ResidentIdCard",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("真实姓名最多 50 个字符", await refused.Content.ReadAsStringAsync());

        using var saved = await browser.SubmitFormAsync("/account/profile", new Dictionary<string, string>
        {
            ["Input.RealName"] = "刘洋", ["Input.IdType"] = "ResidentIdCard", ["Input.Phone"] = "13800138000", ["Input.YearsInOccupation"] = "3",
            ["Input.AcceptPrivacyNotice"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var profile = (await (await browser.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("profile");
        Assert.Equal(("刘洋", "138****8000", 3), (profile.GetProperty("realName").GetString(), profile.GetProperty("phone").GetString(), profile.GetProperty("yearsInOccupation").GetInt32()));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_access_token()
    {
        var email = await CreateAccountAsync();
        var client = factory.CreateApiClient();
        var login = await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password })).ExpectJsonAsync(HttpStatusCode.OK);

        var refreshed = await (await client.PostJsonAsync("/api/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        client.DefaultRequestHeaders.Authorization = new("Bearer", refreshed.GetProperty("accessToken").GetString());
        await (await client.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failures_short_of_the_limit_do_not_lock_the_account()
    {
        var email = await CreateAccountAsync();
        var client = factory.CreateApiClient();

        for (var i = 0; i < MaxFailedAccessAttempts - 1; i++)
            await (await client.PostJsonAsync("/api/auth/login", new { email, password = "wrong password" })).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        await TestHttp.LoginAsync(client, email, Password);
    }

    [Fact]
    public async Task After_the_maximum_failed_attempts_the_api_refuses_even_the_right_password_as_it_refuses_an_unknown_address()
    {
        var email = await CreateAccountAsync();
        var client = factory.CreateApiClient();
        Assert.Equal(5, MaxFailedAccessAttempts);

        for (var i = 0; i < MaxFailedAccessAttempts; i++)
            await (await client.PostJsonAsync("/api/auth/login", new { email, password = "wrong password" })).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        var problem = await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var unknown = await (await client.PostJsonAsync("/api/auth/login", new { email = TestData.Email("nobody"), password = Password }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(unknown.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
        Assert.Equal(unknown.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task After_the_maximum_failed_attempts_the_sign_in_page_refuses_even_the_right_password()
    {
        var email = await CreateAccountAsync();
        var browser = factory.CreateBrowserClient();

        for (var i = 0; i < MaxFailedAccessAttempts; i++)
        {
            using var failed = await browser.SignInOnPageAsync(email, "wrong password");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.False(failed.SetsAuthCookie());
        }
        using var refused = await browser.SignInOnPageAsync(email, Password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(refused.SetsAuthCookie(), "a locked-out account got a sign-in cookie");
        await (await browser.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_in_on_the_page_sets_a_cookie_that_the_api_accepts_and_signing_out_ends_it()
    {
        var email = await CreateAccountAsync();
        var browser = factory.CreateBrowserClient();

        using var signedIn = await browser.SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(signedIn.SetsAuthCookie());
        var me = await (await browser.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(email, me.GetProperty("email").GetString());

        // The cookie carries the role too: a learner's cookie is refused by the staff API.
        await (await browser.PostJsonAsync("/api/courses", new { level = 5, title = "x", theoryHours = 18, practiceHours = 42, fee = 1 }))
            .ExpectStatusAsync(HttpStatusCode.Forbidden);

        // Sign out as a person does: with the button in the page header.
        var home = await browser.GetDocumentAsync("/");
        var signOut = home.Forms.Single(f => f.Action.EndsWith("/account/logout", StringComparison.Ordinal));
        var token = signOut.QuerySelector($"input[name='{Forms.TokenField}']")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), "the sign-out form in the header has no antiforgery token, so signing out fails with 400");
        using var signedOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token! }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        await (await browser.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_staff_cookie_from_the_identity_api_reaches_the_staff_api()
    {
        var w = await factory.WorldAsync();
        var browser = factory.CreateBrowserClient();

        await (await browser.PostJsonAsync("/api/auth/login?useCookies=true", new { email = w.StaffAEmail, password = TestWorld.Password }))
            .ExpectStatusAsync(HttpStatusCode.OK);

        await (await browser.GetAsync($"/api/centers/{w.CenterA}/venues")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await browser.GetAsync($"/api/centers/{w.CenterB}/venues")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    public async Task A_form_post_without_an_antiforgery_token_is_refused(string url)
    {
        var browser = factory.CreateBrowserClient();
        await browser.GetDocumentAsync(url); // the antiforgery cookie alone is not enough
        var email = TestData.Email("csrf");

        using var response = await browser.PostFormWithoutTokenAsync(url, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "刘洋", ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password, ["Input.AcceptPrivacyNotice"] = "true",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.SetsAuthCookie());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_token_from_another_session_is_refused()
    {
        var attacker = factory.CreateBrowserClient();
        var token = Forms.Token(await attacker.GetDocumentAsync("/account/login"), "Input.Email");
        var victim = factory.CreateBrowserClient();
        await victim.GetDocumentAsync("/account/login");

        using var response = await victim.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = (await factory.WorldAsync()).LearnerEmail, ["Input.Password"] = TestWorld.Password, [Forms.TokenField] = token,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Registering_on_the_page_with_the_token_creates_a_learner_who_signs_in_after_confirming_the_address()
    {
        var browser = factory.CreateBrowserClient();
        var email = TestData.Email("page");

        using var response = await browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "刘洋", ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password, ["Input.AcceptPrivacyNotice"] = "true",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.SetsAuthCookie(), "an unconfirmed account was signed in");
        await factory.ConfirmFromMailAsync(email);
        using var signedIn = await browser.SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var me = await (await browser.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(["Learner"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("刘洋", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Forgot_password_writes_a_reset_mail_to_the_outbox_for_a_known_address()
    {
        var email = await CreateAccountAsync();

        using var response = await factory.CreateApiClient().PostJsonAsync("/api/auth/forgotPassword", new { email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var mail = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Outbox.AsNoTracking().Where(m => m.To == email).ToListAsync();
        var message = Assert.Single(mail);
        Assert.Contains("Password reset", message.Subject);
        Assert.Null(message.SentAt);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_writes_nothing_and_answers_the_same()
    {
        var client = factory.CreateApiClient();
        var known = await CreateAccountAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var before = await db.Outbox.CountAsync();

        using var unknown = await client.PostJsonAsync("/api/auth/forgotPassword", new { email = TestData.Email("nobody") });
        var after = await db.Outbox.CountAsync();
        using var knownResponse = await client.PostJsonAsync("/api/auth/forgotPassword", new { email = known });

        Assert.Equal(before, after);
        Assert.Equal(knownResponse.StatusCode, unknown.StatusCode);
        Assert.Equal(await knownResponse.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_configured_rate_answer_429_with_a_problem_document()
    {
        await using var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:AuthPermitsPerMinute", "3"));
        var client = limited.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var body = new { email = TestData.Email("flood"), password = "wrong password" };

        for (var i = 0; i < 3; i++)
            await (await client.PostJsonAsync("/api/auth/login", body)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        using var fourth = await client.PostJsonAsync("/api/auth/login", body);

        await fourth.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        // Reading the sign-in page is not an attempt.
        await (await client.GetAsync("/account/login")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_sign_in_and_registration_pages_are_rate_limited_too()
    {
        await using var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:AuthPermitsPerMinute", "2"));
        var browser = limited.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInOnPageAsync(TestData.Email("flood"), "wrong password")).StatusCode);
        using var third = await browser.SignInOnPageAsync(TestData.Email("flood"), "wrong password");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task Without_Demo_Seed_no_demo_account_exists()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        Assert.Null(await users.FindByEmailAsync(Features.Demo.DemoData.AdminEmail));
        Assert.Null(await users.FindByEmailAsync(Features.Demo.DemoData.LearnerEmail));
    }
}
