using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Scalar.AspNetCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Features;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.Demo;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure.Pdf;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Infrastructure;

public static class AcademySetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddAcademy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CatalogOptions>().Bind(config.GetSection("Catalog")).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<SmtpOptions>(config.GetSection("Smtp"));
        services.Configure<DemoOptions>(config.GetSection("Demo"));
        services.Configure<TrainerAcademy.Features.Enrollments.EnrollmentOptions>(config.GetSection("Enrollment"));
        services.AddOptions<TrainerAcademy.Features.Attendance.AttendanceOptions>().Bind(config.GetSection("Attendance")).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<TrainerAcademy.Features.ExamSitting.ExamOptions>(config.GetSection("Exam"));
        services.AddOptions<FileStoreOptions>().Bind(config.GetSection("Files")).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<FileStore>();
        services.AddOptions<TrainerAcademy.Features.CandidateResults.ResultsOptions>().Bind(config.GetSection("Results")).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<TrainerAcademy.Features.Certificates.CertificateOptions>(config.GetSection("Certificates"));
        services.Configure<TrainerAcademy.Infrastructure.Files.DocumentStoreOptions>(config.GetSection("Documents"));
        services.AddSingleton<TrainerAcademy.Infrastructure.Files.IDocumentStore, TrainerAcademy.Infrastructure.Files.FolderDocumentStore>();
        services.AddOptions<TrainerAcademy.Features.Marking.MarkingOptions>().Bind(config.GetSection("Marking")).ValidateDataAnnotations().ValidateOnStart();

        builder.AddAcademyObservability();
        services.AddAcademyDatabase(config, builder.Environment);
        services.AddAcademyJobs(config, builder.Environment);
        services.AddWebSecurity(config, builder.Environment);
        services.AddAcademyAuth(config, builder.Environment);
        services.AddPdf(config);
        services.AddStripePayments(config);

        services.AddScoped<ReferenceDataSeeder>();
        services.AddFeatureHandlers();
        services.AddSingleton<IEmailSender<ApplicationUser>>(sp => sp.GetRequiredService<IdentityEmailSender>());

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedBindingMessages>();
        // Chinese pages: write CJK characters as they are rather than as &#x...; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Chinese first: the browser's language does not switch the site; the visitor's own choice (cookie or ?culture=) does.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.Add(new PageAccess());
                // One page creates and edits: "/x/{id}/edit" is in its @page line, "/x/new" is added here.
                o.Conventions.AddPageRoute("/Courses/CourseEdit", "/staff/courses/new");
                o.Conventions.AddPageRoute("/Cohorts/CohortEdit", "/staff/cohorts/new");
                o.Conventions.AddPageRoute("/ExamSessions/ExamSessionEdit", "/staff/exam-sessions/new");
                o.Conventions.AddPageRoute("/QuestionBank/QuestionEdit", "/admin/questions/new");
                o.Conventions.AddPageRoute("/QuestionBank/BlueprintEdit", "/admin/blueprints/new");
                o.Conventions.AddPageRoute("/PracticalTasks/PracticalTaskEdit", "/admin/practical-tasks/new");
                o.Conventions.AddPageRoute("/SkillBlueprints/SkillBlueprintEdit", "/admin/skill-blueprints/new");
            })
            .AddMvcOptions(o => o.Filters.Add<RuleViolationPageFilter>())
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new NulFreeStringConverter());
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidation();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "TrainerAcademy API";
            // API clients sign in at POST /api/auth/login and send the token as a bearer token.
            doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/auth/login (refresh it with POST /api/auth/refresh).",
            };
            doc.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", doc)] = [] }];
            doc.Info.Description = "人工智能训练师 vocational certification: catalog, accounts, enrollment, exams, certificates. [← TrainerAcademy](/)";
            return Task.CompletedTask;
        }));
        services.AddAcademyHealthChecks();
        services.AddHttpContextAccessor();
        services.AddScoped<PublicUrl>();

        // Instances behind one load balancer must share keys, or one instance's cookies and tokens fail on another.
        var dataProtection = services.AddDataProtection().SetApplicationName("TrainerAcademy");
        if (config["DataProtection:KeysPath"] is { Length: > 0 } keys)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        return builder;
    }

    public static WebApplication UseAcademy(this WebApplication app)
    {
        app.UseWebSecurity();
        // The culture is chosen first, so that problem documents written by the exception handler speak the visitor's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment()) app.UseHsts();

        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));

        app.UseMiddleware<InputGuard>();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<FormContentGuard>();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages().WithStaticAssets();
        app.MapAcademyHealthChecks();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api-docs", o => o
                .WithTitle("TrainerAcademy API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .HideClientButton()
                .DisableAgent()
                .DisableTelemetry()
                .HideDeveloperTools()
                // Fonts from Scalar's CDN would be refused by the security policy (font-src 'self'); the system's fonts serve.
                .DisableDefaultFonts())
            .AllowAnonymous();
        app.MapCultureSwitch();
        app.MapAcademyAuthApi();
        app.MapFeatureApis();
        TrainerAcademy.Features.Certificates.CertificatesApi.MapCertificateKeys(app);
        app.MapAcademyJobsDashboard();
        return app;
    }

    /// <summary><c>GET /culture?name=en&amp;returnUrl=/</c> stores the visitor's language in a cookie.</summary>
    private static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture", (HttpContext http, string name, string? returnUrl) =>
        {
            var culture = Cultures.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//")
                ? returnUrl
                : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
}
