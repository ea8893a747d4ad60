using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing.Patterns;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Auth;

public static class AuthSetup
{
    /// <summary>Anonymous certificate checks, per client address.</summary>
    public const string VerifyRateLimit = "verify";

    public const string AuthRateLimit = "auth";

    /// <summary>How long a sign-in lasts, however active the visitor is; then they sign in again.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>How soon a changed security stamp (sign-out, password change) ends the sessions of other cookies.</summary>
    public static readonly TimeSpan StampValidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>The moment of the sign-in, kept in the cookie's properties; renewals carry it over unchanged.</summary>
    public const string SignedInAtItem = ".academy.signed-in-at";

    public static IServiceCollection AddAcademyAuth(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddIdentityApiEndpoints<ApplicationUser>(o =>
            {
                // OWASP ASVS level 2 (V6.2): length over composition, at most 128 characters and no common password
                // (AcademyPasswordValidator); lockout on repeated failures.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = config.GetValue("Auth:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AcademyDbContext>()
            .AddClaimsPrincipalFactory<AcademyClaimsFactory>()
            .AddPasswordValidator<AcademyPasswordValidator>()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddSignInManager<AcademySignInManager>();
        services.Configure<SecurityOptions>(config.GetSection("Security"));

        // Requests are authenticated by the bearer token when one is sent, else by the cookie; challenges go
        // through the cookie, whose events send browsers to sign in and give API callers a bare 401/403.
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            o.DefaultForbidScheme = IdentityConstants.ApplicationScheme;
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "academy.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Development and the tests serve plain http; everywhere else the cookie never travels without TLS,
            // even when TLS ends at a proxy in front of the app.
            o.Cookie.SecurePolicy = env.IsLocal() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.SlidingExpiration = false;
            o.ExpireTimeSpan = SessionLifetime;
            o.Events.OnSigningIn = ctx =>
            {
                if (!ctx.Properties.Items.ContainsKey(SignedInAtItem))
                    ctx.Properties.Items[SignedInAtItem] = Clock(ctx.HttpContext).GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
            // API callers get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });

        // The sign-in time, the cookie's expiry and the stamp check all read the app's clock.
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, clock) =>
        {
            o.ValidationInterval = StampValidationInterval;
            o.TimeProvider = clock;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Learner, p => p.RequireRole(Roles.Learner))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.CenterStaff, Roles.Admin).AddRequirements(new AdminTwoFactorRequirement()))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin).AddRequirements(new AdminTwoFactorRequirement()))
            .AddPolicy(Policies.Examiner, p => p.RequireRole(Roles.CenterStaff).AddRequirements(new ExaminerRequirement()));
        services.AddSingleton<IAuthorizationHandler, CenterRecordAuthorizationHandler>();
        services.AddScoped<IAuthorizationHandler, AdminTwoFactorHandler>();
        services.AddScoped<IAuthorizationHandler, ExaminerHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminTwoFactorResultHandler>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CenterAccess>();

        var permits = config.GetValue("RateLimits:AuthPermitsPerMinute", 10);
        var verifyPermits = config.GetValue("RateLimits:VerifyPermitsPerMinute", 60);
        var store = config.GetValue("RateLimits:Store", "Memory");
        var inDatabase = string.Equals(store, "Database", StringComparison.OrdinalIgnoreCase);
        if (!inDatabase && !string.Equals(store, "Memory", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"RateLimits:Store is \"Memory\" (each instance counts alone) or \"Database\" (all instances count together), not \"{store}\".");
        // One fixed window a minute per client address: in this process's memory, or in the database that every instance shares.
        RateLimitPartition<string> PerMinute(HttpContext http, string policy, int limit) => inDatabase
            ? RateLimitPartition.Get(ClientAddress(http), client => new DatabaseWindowLimiter(policy, client, limit, TimeSpan.FromMinutes(1),
                http.RequestServices.GetRequiredService<IServiceScopeFactory>(), Clock(http)))
            : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Counts attempts (POST), not visits to the sign-in page.
            o.AddPolicy(AuthRateLimit, http => HttpMethods.IsGet(http.Request.Method) ? RateLimitPartition.GetNoLimiter("read") : PerMinute(http, AuthRateLimit, permits));
            o.AddPolicy(VerifyRateLimit, http => PerMinute(http, VerifyRateLimit, verifyPermits));
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(title: "Too many requests", detail: "Too many attempts. Wait a minute and try again. 尝试次数过多，请一分钟后再试。",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// The client a request counts against: the connection's address after the forwarded headers of trusted proxies
    /// (App:TrustedProxies) were applied, so a client cannot pick its own bucket with an X-Forwarded-For of its own.
    /// </summary>
    public static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : "local";

    private static TimeProvider Clock(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>
    /// Ends a sign-in older than <see cref="SessionLifetime"/>: the security stamp check renews the cookie with a fresh
    /// issue time, so the cookie's own expiry alone would let an active session live for ever. Then checks the stamp.
    /// </summary>
    private static async Task ValidateSessionAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext ctx)
    {
        var signedInAt = ctx.Properties.Items.TryGetValue(SignedInAtItem, out var value)
                         && long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : ctx.Properties.IssuedUtc;
        if (signedInAt is not null && !ctx.Properties.Items.ContainsKey(SignedInAtItem))
        {
            // A cookie issued before sign-in times were kept: its issue time counts, written in before a renewal moves it.
            ctx.Properties.Items[SignedInAtItem] = signedInAt.Value.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.ShouldRenew = true;
        }
        if (signedInAt is null || Clock(ctx.HttpContext).GetUtcNow() - signedInAt.Value >= SessionLifetime)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
    }

    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult status => status.StatusCode,
        _ => null,
    };

    private static Task RedirectOrStatus(HttpContext http, string redirectUri, int status)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
            http.Response.StatusCode = status;
        else
            http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Registering an address that has an account answers as Identity does for a new one (200, or 400 for a password
    /// that breaks a rule) and mails the owner instead of creating anything; null for a new address.
    /// </summary>
    private static async Task<object?> AnswerForKnownAddressAsync(HttpContext http, RegisterRequest request)
    {
        var users = http.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
        if (string.IsNullOrEmpty(request.Email) || await users.FindByEmailAsync(request.Email) is not { } owner) return null;
        var errors = new Dictionary<string, string[]>();
        foreach (var validator in users.PasswordValidators)
            foreach (var error in (await validator.ValidateAsync(users, new ApplicationUser(), request.Password)).Errors)
                errors[error.Code] = [.. errors.GetValueOrDefault(error.Code, []), error.Description];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // Identity hashes the password of a new account: spend the same time here.
        users.PasswordHasher.HashPassword(owner, request.Password);
        await http.RequestServices.GetRequiredService<AccountService>().NotifyRegistrationAttemptAsync(owner);
        return TypedResults.Ok();
    }

    private static readonly HashSet<string> AnonymousAuthEndpoints = new(StringComparer.OrdinalIgnoreCase)
    {
        "register", "login", "refresh", "confirmEmail", "resendConfirmationEmail", "forgotPassword", "resetPassword",
    };

    private static string LastSegment(RoutePattern pattern) =>
        pattern.PathSegments.Count == 0 ? "" : string.Concat(pattern.PathSegments[^1].Parts.OfType<RoutePatternLiteralPart>().Select(p => p.Content));

    /// <summary>Identity's API endpoints under /api/auth; an account registered there is a learner.</summary>
    public static void MapAcademyAuthApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        var identity = group.MapIdentityApi<ApplicationUser>();
        // The fallback policy (authenticated) would otherwise close these to the very people who need them;
        // /manage/* keeps Identity's own RequireAuthorization.
        identity.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && AnonymousAuthEndpoints.Contains(LastSegment(route.RoutePattern)))
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        identity
            .RequireRateLimiting(AuthRateLimit)
            .AddEndpointFilter(async (ctx, next) =>
            {
                if (ctx.Arguments.OfType<RegisterRequest>().FirstOrDefault() is { } request
                    && await AnswerForKnownAddressAsync(ctx.HttpContext, request) is { } sameAnswer)
                    return sameAnswer;
                var result = await next(ctx);
                if (ctx.HttpContext.Request.Path.Value?.EndsWith("/register", StringComparison.OrdinalIgnoreCase) == true
                    && StatusOf(result) is null or < 400)
                {
                    var email = ctx.Arguments.OfType<RegisterRequest>().FirstOrDefault()?.Email;
                    var accounts = ctx.HttpContext.RequestServices.GetRequiredService<AccountService>();
                    if (email is not null) await accounts.CompleteLearnerRegistrationAsync(email);
                }
                return result;
            });
    }
}
