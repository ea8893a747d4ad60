using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Features;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Tests.Architecture;

/// <summary>
/// Handlers, jobs and the services they share are registered by convention (<see cref="FeatureRegistration"/>), so these
/// tests read the app's own container: everything the convention should find resolves, and nothing under Features that
/// takes injected services was left out of it.
/// </summary>
public sealed class FeatureRegistrationTests(SqliteAcademyFactory factory) : IClassFixture<SqliteAcademyFactory>
{
    private static readonly Type[] RequestOnly = [typeof(IHttpContextAccessor), typeof(CurrentUser), typeof(PublicUrl), typeof(CenterAccess)];

    private static IEnumerable<Type> FeatureTypes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("TrainerAcademy.Features", StringComparison.Ordinal) == true
                        && t is { IsClass: true, IsAbstract: false } && !t.IsDefined(typeof(CompilerGeneratedAttribute), false));

    private static List<Type> Handlers() => [.. FeatureTypes().Where(t => t is { IsNested: true, Name: "Handler" })];

    private static List<Type> Jobs() => [.. FeatureTypes().Where(t => !t.IsNested && t.Name.EndsWith("Job", StringComparison.Ordinal))];

    private static List<Type> MarkedServices() => [.. FeatureTypes().Where(t => t.IsDefined(typeof(FeatureServiceAttribute), false))];

    [Fact]
    public void The_convention_finds_the_handlers_jobs_and_marked_services()
    {
        Assert.True(Handlers().Count >= 30, $"only {Handlers().Count} handlers found");
        Assert.Contains(typeof(Features.Enrollments.Enroll.Handler), Handlers());
        Assert.Contains(typeof(Features.Payments.StripeReconciliationJob), Jobs());
        Assert.Contains(typeof(Features.ExamSitting.AttemptGradingJob), Jobs());
        Assert.Superset(new HashSet<Type>
        {
            typeof(Features.Enrollments.SeatLedger), typeof(Features.Enrollments.EnrollmentNotifier), typeof(Features.Enrollments.PaymentRefunds),
            typeof(Features.Timetable.TimetableProgress), typeof(Features.Payments.PaymentFulfilment), typeof(Features.ExamSessions.Eligibility),
            typeof(Features.Attendance.TrainingProgress), typeof(Features.Attendance.CheckInCodes), typeof(Features.ExamSitting.AttemptLifecycle),
        }, MarkedServices().ToHashSet());
    }

    [Fact]
    public void Every_handler_job_and_feature_service_resolves_from_the_app_container()
    {
        using var scope = factory.Services.CreateScope();
        var failures = new List<string>();
        foreach (var type in Handlers().Concat(Jobs()).Concat(MarkedServices()))
        {
            try
            {
                scope.ServiceProvider.GetRequiredService(type);
            }
            catch (Exception e)
            {
                failures.Add($"{type.FullName}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, "Not resolvable:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Marked_services_have_the_lifetime_their_attribute_names()
    {
        var codes = factory.Services.GetRequiredService<Features.Attendance.CheckInCodes>();
        using var scope = factory.Services.CreateScope();
        Assert.Same(codes, scope.ServiceProvider.GetRequiredService<Features.Attendance.CheckInCodes>());
        using var other = factory.Services.CreateScope();
        Assert.NotSame(scope.ServiceProvider.GetRequiredService<Features.Enrollments.SeatLedger>(),
            other.ServiceProvider.GetRequiredService<Features.Enrollments.SeatLedger>());
    }

    [Fact]
    public void No_class_under_Features_that_takes_injected_services_is_left_unregistered()
    {
        var services = factory.Services.GetRequiredService<IServiceProviderIsService>();
        var left = FeatureTypes().Where(t => IsLeftUnregistered(t, services)).Select(t => t.FullName).ToList();
        Assert.True(left.Count == 0, "Take services but are not registered (nest them as Handler, name them *Job or mark them [FeatureService]):\n"
                                     + string.Join("\n", left));
    }

    [Fact]
    public void The_check_reports_a_class_that_takes_services_but_is_not_registered()
    {
        // Guards the guard: the same check, on a class of this test assembly that takes the DbContext and is registered nowhere.
        var services = factory.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.True(IsLeftUnregistered(typeof(Unregistered), services));
        Assert.False(IsLeftUnregistered(typeof(Features.Enrollments.SeatLedger), services));
    }

    [Fact]
    public void Jobs_do_not_depend_on_a_request()
    {
        // A job runs on a Hangfire worker, where there is no HttpContext: nothing it is built from may read one.
        var offences = Jobs()
            .SelectMany(job => Dependencies(job).Where(d => RequestOnly.Contains(d)).Select(d => $"{job.FullName} → {d.Name}"))
            .ToList();
        Assert.True(offences.Count == 0, "Jobs built from request-only services:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void Features_source_does_not_read_the_request_for_the_user()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Web", "Features");
        var offences = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("IHttpContextAccessor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .ToList();
        Assert.True(offences.Count == 0, "Take IHttpContextAccessor instead of CurrentUser or PublicUrl:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void Every_api_mapper_under_Features_is_found_by_the_convention()
    {
        var named = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("TrainerAcademy.Features", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Map", StringComparison.Ordinal) && m.Name.EndsWith("Api", StringComparison.Ordinal))
            .ToList();
        var found = FeatureRegistration.ApiMappers();

        Assert.Equal(named.Count, found.Count);
        Assert.Equal(26, found.Count);
        Assert.Equal(found.OrderBy(m => m.DeclaringType!.FullName, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal), found);
        Assert.Contains(factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText == "/api/payments/{id:int}/receipt");
    }

    private static bool IsLeftUnregistered(Type type, IServiceProviderIsService services) =>
        !type.IsSubclassOf(typeof(PageModel))
        && type.GetConstructors().Any(c => c.GetParameters() is { Length: > 0 } ps && ps.All(p => services.IsService(p.ParameterType)))
        && !services.IsService(type);

    /// <summary>Every type a class is built from, following the constructors of the app's own classes.</summary>
    private static HashSet<Type> Dependencies(Type root)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([root]);
        while (queue.TryDequeue(out var type))
        {
            if (type.Assembly != typeof(Program).Assembly) continue;
            foreach (var p in type.GetConstructors().SelectMany(c => c.GetParameters()))
                if (seen.Add(p.ParameterType)) queue.Enqueue(p.ParameterType);
        }
        return seen;
    }

    private sealed class Unregistered(AcademyDbContext db)
    {
        public AcademyDbContext Db => db;
    }
}
