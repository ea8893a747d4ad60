using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// Accounts at ASVS level 2: confirmed addresses, answers that do not tell which addresses have accounts, password
/// rules without composition, lockout mail, and two-factor sign-in with an authenticator app.
/// </summary>
public abstract class AccountSecurityTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : AccountSecurityTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : AccountSecurityTests, IClassFixture<PostgresAcademyFactory>
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

    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    private static async Task<string> FormErrorsAsync(HttpResponseMessage response) =>
        string.Join(" | ", (await DocumentAsync(response)).QuerySelectorAll(".validation-summary-errors li, .error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));

    private static async Task<string> NoticeAsync(HttpResponseMessage response) =>
        string.Join(" | ", (await DocumentAsync(response)).QuerySelectorAll(".notice").Select(e => e.TextContent.Trim()));

    private Task<HttpResponseMessage> RegisterOnPageAsync(HttpClient browser, string email, string password) =>
        browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "刘洋", ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password, ["Input.AcceptPrivacyNotice"] = "true",
        });

    /// <summary>Posts to the page's form or button whose address names <paramref name="handler"/>, with the antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostHandlerAsync(HttpClient browser, string url, string handler, Dictionary<string, string> fields)
    {
        var page = await browser.GetDocumentAsync(url);
        var target = page.QuerySelectorAll("form[action], button[formaction]")
            .Select(e => e.GetAttribute(e is IHtmlFormElement ? "action" : "formaction")!)
            .First(a => a.Contains("handler=" + handler, StringComparison.OrdinalIgnoreCase));
        fields[Forms.TokenField] = Forms.Token(page);
        return await browser.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    /// <summary>Turns on two-factor sign-in on the page, as a person does with an app; returns the key and the recovery codes shown.</summary>
    private async Task<(string Key, List<string> RecoveryCodes)> EnableTwoFactorAsync(HttpClient browser)
    {
        var page = await browser.GetDocumentAsync("/account/two-factor");
        var key = TestTotp.KeyFromPage(page.QuerySelector("#shared-key")!.TextContent);
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector("img[src^='data:image']")?.GetAttribute("src"));
        using var response = await PostHandlerAsync(browser, "/account/two-factor", "Enable", new() { ["Input.Code"] = factory.TotpCode(key) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var codes = (await DocumentAsync(response)).QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        return (key, codes);
    }

    // ---- e-mail confirmation ----

    [Fact]
    public async Task An_account_registered_through_the_api_cannot_sign_in_until_its_owner_follows_the_link_in_the_e_mail()
    {
        var client = factory.CreateApiClient();
        var email = TestData.Email("unconfirmed");
        await (await client.PostJsonAsync("/api/auth/register", new { email, password = Password })).ExpectStatusAsync(HttpStatusCode.OK);

        var refused = await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("NotAllowed", refused.GetProperty("detail").GetString());

        await factory.ConfirmFromMailAsync(email);
        await TestHttp.LoginAsync(client, email, Password);
    }

    [Fact]
    public async Task The_sign_in_page_asks_an_unconfirmed_account_with_the_right_password_to_confirm_and_the_page_link_confirms_it()
    {
        var browser = factory.CreateBrowserClient();
        var email = TestData.Email("unconfirmed-page");
        using var registered = await RegisterOnPageAsync(browser, email, Password);
        Assert.Contains("/account/resend-confirmation", await registered.Content.ReadAsStringAsync());

        using var refused = await browser.SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(refused.SetsAuthCookie());
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("邮箱尚未确认", refusedPage);
        Assert.Contains("/account/resend-confirmation?email=", refusedPage);

        var link = TestMail.Links((await factory.MailToAsync(email)).Single(m => m.Subject.Contains("Confirm your e-mail"))).Single();
        Assert.StartsWith("/account/confirm-email?", link);
        using var confirmed = await browser.GetAsync(link);
        Assert.Contains("您的邮箱已确认", await confirmed.Content.ReadAsStringAsync());
        using var signedIn = await browser.SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(signedIn.SetsAuthCookie());
    }

    [Fact]
    public async Task A_tampered_confirmation_link_confirms_nothing()
    {
        var email = TestData.Email("tampered");
        using var _ = await RegisterOnPageAsync(factory.CreateBrowserClient(), email, Password);
        var link = TestMail.Links((await factory.MailToAsync(email)).Single()).Single();

        using var response = await factory.CreateApiClient().GetAsync(link[..^4] + "AAAA");

        Assert.Contains("该确认链接无效或已过期", await response.Content.ReadAsStringAsync());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.EmailConfirmed);
    }

    [Fact]
    public async Task Asking_for_a_new_confirmation_link_answers_the_same_for_every_address_and_mails_only_an_unconfirmed_account()
    {
        var unconfirmed = TestData.Email("resend");
        using (await RegisterOnPageAsync(factory.CreateBrowserClient(), unconfirmed, Password)) { }
        var confirmed = await CreateAccountAsync();
        var unknown = TestData.Email("nobody");

        var notices = new List<string>();
        foreach (var email in new[] { unconfirmed, confirmed, unknown })
        {
            using var response = await factory.CreateBrowserClient().SubmitFormAsync("/account/resend-confirmation", new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            notices.Add(await NoticeAsync(response));
        }

        Assert.Single(notices.Distinct());
        Assert.NotEqual("", notices[0]);
        Assert.Equal(2, (await factory.MailToAsync(unconfirmed)).Count(m => m.Subject.Contains("Confirm your e-mail")));
        Assert.Empty(await factory.MailToAsync(confirmed));
        Assert.Empty(await factory.MailToAsync(unknown));
    }

    [Fact]
    public async Task An_account_made_by_an_administrator_or_the_command_line_is_confirmed_and_signs_in_at_once()
    {
        var email = await CreateAccountAsync(Roles.Admin);

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.EmailConfirmed);
        await factory.SignInAsync(email, Password);
        Assert.Empty(await factory.MailToAsync(email));
    }

    // ---- answers that do not reveal accounts ----

    [Fact]
    public async Task Registering_a_known_address_through_the_api_answers_like_a_new_one_mails_the_owner_and_changes_nothing()
    {
        var client = factory.CreateApiClient();
        var known = await CreateAccountAsync();

        using var fresh = await client.PostJsonAsync("/api/auth/register", new { email = TestData.Email("fresh"), password = "another long passphrase" });
        using var again = await client.PostJsonAsync("/api/auth/register", new { email = known, password = "another long passphrase" });

        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var mail = Assert.Single(await factory.MailToAsync(known));
        Assert.Contains("Someone tried to register", mail.Subject);
        Assert.Contains("/account/forgot-password", string.Join(" ", TestMail.Links(mail)));
        await TestHttp.LoginAsync(client, known, Password);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Users.CountAsync(u => u.Email == known));
    }

    [Fact]
    public async Task Registering_again_an_address_that_was_never_confirmed_sends_a_new_confirmation_link()
    {
        var client = factory.CreateApiClient();
        var email = TestData.Email("again");
        await (await client.PostJsonAsync("/api/auth/register", new { email, password = Password })).ExpectStatusAsync(HttpStatusCode.OK);

        await (await client.PostJsonAsync("/api/auth/register", new { email, password = "another long passphrase" })).ExpectStatusAsync(HttpStatusCode.OK);

        var mail = await factory.MailToAsync(email);
        Assert.Equal(2, mail.Count(m => m.Subject.Contains("Confirm your e-mail")));
        Assert.DoesNotContain(mail, m => m.Subject.Contains("Someone tried"));
        await factory.ConfirmFromMailAsync(email);
        await TestHttp.LoginAsync(client, email, Password);
    }

    [Fact]
    public async Task A_weak_password_for_a_known_address_is_refused_as_for_a_new_one()
    {
        var client = factory.CreateApiClient();
        var known = await CreateAccountAsync();

        var fresh = await (await client.PostJsonAsync("/api/auth/register", new { email = TestData.Email("fresh"), password = "password1" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var again = await (await client.PostJsonAsync("/api/auth/register", new { email = known, password = "password1" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(fresh.GetProperty("errors").ToString(), again.GetProperty("errors").ToString());
        Assert.Empty(await factory.MailToAsync(known));
    }

    [Fact]
    public async Task Registering_a_known_address_on_the_page_answers_like_a_new_one()
    {
        var known = await CreateAccountAsync();

        using var fresh = await RegisterOnPageAsync(factory.CreateBrowserClient(), TestData.Email("fresh"), Password);
        using var again = await RegisterOnPageAsync(factory.CreateBrowserClient(), known, Password);

        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(await NoticeAsync(fresh), await NoticeAsync(again));
        Assert.Contains("Someone tried to register", Assert.Single(await factory.MailToAsync(known)).Subject);
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_address_a_locked_account_and_an_unconfirmed_one_get_the_same_answer()
    {
        var known = await CreateAccountAsync();
        var locked = await CreateAccountAsync();
        var unconfirmed = TestData.Email("unconfirmed");
        using (await RegisterOnPageAsync(factory.CreateBrowserClient(), unconfirmed, Password)) { }
        var browser = factory.CreateBrowserClient();
        for (var i = 0; i < MaxFailedAccessAttempts; i++)
            using (await browser.SignInOnPageAsync(locked, "wrong password")) { }

        var answers = new List<string>();
        foreach (var (email, password) in new[] { (known, "wrong password"), (TestData.Email("nobody"), Password), (locked, Password), (unconfirmed, "wrong password") })
        {
            using var page = await factory.CreateBrowserClient().SignInOnPageAsync(email, password);
            Assert.False(page.SetsAuthCookie());
            using var api = await factory.CreateApiClient().PostJsonAsync("/api/auth/login", new { email, password });
            var problem = await api.ExpectProblemAsync(HttpStatusCode.Unauthorized);
            answers.Add($"{(int)page.StatusCode} {await FormErrorsAsync(page)} / {problem.GetProperty("title").GetString()} {problem.GetProperty("detail").GetString()}");
        }

        Assert.True(answers.Distinct().Count() == 1, string.Join("\n", answers));
    }

    [Fact]
    public async Task The_owner_is_told_by_e_mail_once_when_failed_sign_ins_lock_the_account()
    {
        var email = await CreateAccountAsync();
        var client = factory.CreateApiClient();

        for (var i = 0; i < MaxFailedAccessAttempts - 1; i++)
            using (await client.PostJsonAsync("/api/auth/login", new { email, password = "wrong password" })) { }
        Assert.Empty(await factory.MailToAsync(email));
        for (var i = 0; i < 3; i++)
            using (await client.PostJsonAsync("/api/auth/login", new { email, password = "wrong password" })) { }

        var mail = Assert.Single(await factory.MailToAsync(email));
        Assert.Contains("locked", mail.Subject);
        Assert.Contains("15", mail.HtmlBody);
    }

    [Fact]
    public async Task Reset_password_answers_the_same_for_an_unknown_address_and_a_bad_link()
    {
        var known = await CreateAccountAsync();
        var answers = new List<string>();
        foreach (var email in new[] { known, TestData.Email("nobody") })
        {
            var browser = factory.CreateBrowserClient();
            var url = $"/account/reset-password?email={Uri.EscapeDataString(email)}&code=bm90LWEtdG9rZW4";
            var page = await browser.GetDocumentAsync(url);
            using var response = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Code"] = "bm90LWEtdG9rZW4", ["Input.Password"] = "a new long passphrase",
                ["Input.ConfirmPassword"] = "a new long passphrase", [Forms.TokenField] = Forms.Token(page, "Input.Email"),
            }));
            answers.Add($"{(int)response.StatusCode} {await FormErrorsAsync(response)} {await NoticeAsync(response)}");
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Contains("无效或已过期", answers[0]);
        await TestHttp.LoginAsync(factory.CreateApiClient(), known, Password);
    }

    // ---- passwords ----

    [Theory]
    [InlineData("password1")]
    [InlineData("Iloveyou")]
    [InlineData("QWERTYUIOP")]
    [InlineData("1qaz2wsx")]
    public async Task A_common_password_is_refused_whatever_its_case(string password)
    {
        var problem = await (await factory.CreateApiClient().PostJsonAsync("/api/auth/register", new { email = TestData.Email("common"), password }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("PasswordTooCommon", out _), problem.ToString());
    }

    [Fact]
    public async Task The_register_page_refuses_a_common_password_beside_the_field_in_Chinese()
    {
        var email = TestData.Email("common-page");
        using var response = await RegisterOnPageAsync(factory.CreateBrowserClient(), email, "iloveyou");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("最常用的密码", await FormErrorsAsync(response));
        Assert.Empty(await factory.MailToAsync(email));
    }

    [Fact]
    public async Task A_passphrase_of_128_characters_is_accepted_and_a_longer_one_refused()
    {
        var client = factory.CreateApiClient();
        var longest = string.Concat(Enumerable.Repeat("训练师 trainer ", 12))[..AcademyPasswordValidator.MaxLength];
        Assert.True(longest.Length >= 64);
        var email = TestData.Email("long");

        await (await client.PostJsonAsync("/api/auth/register", new { email, password = longest })).ExpectStatusAsync(HttpStatusCode.OK);
        await factory.ConfirmFromMailAsync(email);
        await TestHttp.LoginAsync(client, email, longest);

        var problem = await (await client.PostJsonAsync("/api/auth/register", new { email = TestData.Email("longer"), password = longest + "x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("PasswordTooLong", out _), problem.ToString());
    }

    [Fact]
    public void The_shipped_list_holds_ten_thousand_common_passwords()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Web", "Auth", "common-passwords.txt"));

        Assert.Equal(10_000, lines.Length);
        Assert.True(AcademyPasswordValidator.IsCommon("12345678"));
        Assert.False(AcademyPasswordValidator.IsCommon(Password));
    }

    // ---- two-factor sign-in ----

    [Fact]
    public async Task A_wrong_code_does_not_turn_on_two_factor_sign_in()
    {
        var browser = factory.CreateBrowserClient();
        var email = await CreateAccountAsync();
        using (await browser.SignInOnPageAsync(email, Password)) { }
        var key = TestTotp.KeyFromPage((await browser.GetDocumentAsync("/account/two-factor")).QuerySelector("#shared-key")!.TextContent);
        var wrongCode = ((int.Parse(factory.TotpCode(key), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await PostHandlerAsync(browser, "/account/two-factor", "Enable", new() { ["Input.Code"] = wrongCode });

        Assert.Contains("验证码不正确", await FormErrorsAsync(response));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.TwoFactorEnabled);
    }

    [Fact]
    public async Task With_two_factor_on_the_sign_in_page_asks_for_the_code_after_the_password()
    {
        var email = await CreateAccountAsync();
        var setup = factory.CreateBrowserClient();
        using (await setup.SignInOnPageAsync(email, Password)) { }
        var (key, codes) = await EnableTwoFactorAsync(setup);
        Assert.Equal(TwoFactorModel.RecoveryCodeCount, codes.Distinct().Count());
        // Shown once: the page does not show them again.
        Assert.Empty((await setup.GetDocumentAsync("/account/two-factor")).QuerySelectorAll("#recovery-codes code"));

        var browser = factory.CreateBrowserClient();
        using var password = await browser.SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/login-2fa", password.Headers.Location!.OriginalString);
        Assert.False(password.SetsAuthCookie());
        await (await browser.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        using var wrong = await browser.SubmitFormAsync("/account/login-2fa", new Dictionary<string, string> { ["Input.Code"] = "12345x" });
        Assert.False(wrong.SetsAuthCookie());
        using var right = await browser.SubmitFormAsync("/account/login-2fa", new Dictionary<string, string> { ["Input.Code"] = factory.TotpCode(key, stepsAhead: 1) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.True(right.SetsAuthCookie());
        var me = await (await browser.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(me.GetProperty("twoFactorEnabled").GetBoolean());
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_new_codes_replace_the_old()
    {
        var email = await CreateAccountAsync();
        var setup = factory.CreateBrowserClient();
        using (await setup.SignInOnPageAsync(email, Password)) { }
        var (key, codes) = await EnableTwoFactorAsync(setup);

        async Task<bool> SignInWithAsync(string code)
        {
            var browser = factory.CreateBrowserClient();
            using (await browser.SignInOnPageAsync(email, Password)) { }
            using var response = await browser.SubmitFormAsync("/account/login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });
            return response.SetsAuthCookie();
        }

        Assert.True(await SignInWithAsync(codes[0]));
        Assert.False(await SignInWithAsync(codes[0]));

        using var regenerated = await PostHandlerAsync(setup, "/account/two-factor", "RecoveryCodes", new() { ["Input.Code"] = factory.TotpCode(key, stepsAhead: 1) });
        var fresh = (await DocumentAsync(regenerated)).QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(TwoFactorModel.RecoveryCodeCount, fresh.Count);
        Assert.False(await SignInWithAsync(codes[1]));
        Assert.True(await SignInWithAsync(fresh[0]));
    }

    [Fact]
    public async Task An_authenticator_code_is_accepted_only_once()
    {
        var email = await CreateAccountAsync();
        var setup = factory.CreateBrowserClient();
        using (await setup.SignInOnPageAsync(email, Password)) { }
        var (key, _) = await EnableTwoFactorAsync(setup);

        async Task<bool> SignInWithAsync(string code)
        {
            var browser = factory.CreateBrowserClient();
            using (await browser.SignInOnPageAsync(email, Password)) { }
            using var response = await browser.SubmitFormAsync("/account/login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });
            return response.SetsAuthCookie();
        }

        Assert.False(await SignInWithAsync(factory.TotpCode(key)), "the code that turned two-factor on signed in again");
        Assert.True(await SignInWithAsync(factory.TotpCode(key, stepsAhead: 1)));
        Assert.False(await SignInWithAsync(factory.TotpCode(key, stepsAhead: 1)), "a code signed in twice");
    }

    [Fact]
    public async Task Wrong_authenticator_codes_lock_the_account_and_its_owner_is_told()
    {
        var email = await CreateAccountAsync();
        var setup = factory.CreateBrowserClient();
        using (await setup.SignInOnPageAsync(email, Password)) { }
        var (key, _) = await EnableTwoFactorAsync(setup);
        var right = new[] { factory.TotpCode(key, -2), factory.TotpCode(key, -1), factory.TotpCode(key), factory.TotpCode(key, 1), factory.TotpCode(key, 2) };
        var wrong = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !right.Contains(c));

        var browser = factory.CreateBrowserClient();
        using (await browser.SignInOnPageAsync(email, Password)) { }
        for (var i = 0; i < MaxFailedAccessAttempts; i++)
            using (var refused = await browser.SubmitFormAsync("/account/login-2fa", new Dictionary<string, string> { ["Input.Code"] = wrong }))
                Assert.False(refused.SetsAuthCookie());

        Assert.Contains(await factory.MailToAsync(email), m => m.Subject.Contains("locked"));
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task The_api_sign_in_needs_the_code_too_once_two_factor_is_on()
    {
        var email = await CreateAccountAsync();
        var setup = factory.CreateBrowserClient();
        using (await setup.SignInOnPageAsync(email, Password)) { }
        var (key, _) = await EnableTwoFactorAsync(setup);
        var client = factory.CreateApiClient();

        var problem = await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("RequiresTwoFactor", problem.GetProperty("detail").GetString());
        await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password, twoFactorCode = factory.TotpCode(key, stepsAhead: 1) }))
            .ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Turning_two_factor_off_takes_a_current_code_and_then_the_password_alone_signs_in_again()
    {
        var email = await CreateAccountAsync();
        var setup = factory.CreateBrowserClient();
        using (await setup.SignInOnPageAsync(email, Password)) { }
        var (key, _) = await EnableTwoFactorAsync(setup);

        using var withoutCode = await PostHandlerAsync(setup, "/account/two-factor", "Disable", []);
        Assert.Equal(HttpStatusCode.OK, withoutCode.StatusCode);
        using var wrongCode = await PostHandlerAsync(setup, "/account/two-factor", "Disable", new() { ["Input.Code"] = factory.TotpCode(key, stepsAhead: -30) });
        Assert.Contains("验证码不正确", await FormErrorsAsync(wrongCode));
        using (var stillOn = await factory.CreateBrowserClient().SignInOnPageAsync(email, Password))
            Assert.StartsWith("/account/login-2fa", stillOn.Headers.Location?.OriginalString);

        using var off = await PostHandlerAsync(setup, "/account/two-factor", "Disable", new() { ["Input.Code"] = factory.TotpCode(key, stepsAhead: 1) });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);

        using var signedIn = await factory.CreateBrowserClient().SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(signedIn.SetsAuthCookie());
    }

    [Fact]
    public void The_test_totp_matches_the_test_vector_of_RFC_6238()
    {
        // RFC 6238 appendix B, SHA1, T = 59 s: 94287082 (8 digits), of which an app shows the last 6.
        Assert.Equal("287082", TestTotp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    [Fact]
    public async Task With_the_rule_off_as_in_this_host_an_admin_without_two_factor_uses_the_admin_api()
    {
        var admin = await factory.SignInAsync(await CreateAccountAsync(Roles.Admin), Password);

        using var response = await admin.PostJsonAsync("/api/centers", new { });

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
