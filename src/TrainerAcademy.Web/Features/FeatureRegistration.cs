using System.Reflection;
using System.Runtime.CompilerServices;

namespace TrainerAcademy.Features;

/// <summary>
/// Registration and routing by convention, so a new use case needs no line here: every class named <c>Handler</c>
/// nested in its slice (e.g. <c>SaveCourse.Handler</c>), every class named <c>*Job</c>, and every class marked
/// <see cref="FeatureServiceAttribute"/> under <c>TrainerAcademy.Features</c>; and every static
/// <c>Map*Api(RouteGroupBuilder)</c> there maps its routes under <c>/api</c>.
/// </summary>
public static class FeatureRegistration
{
    private const string FeaturesNamespace = "TrainerAcademy.Features";

    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        foreach (var (type, lifetime) in FeatureServices())
            services.Add(new ServiceDescriptor(type, type, lifetime));

        // A fact of the reference data, read once; the one service made by a factory rather than by its constructor.
        services.AddSingleton(_ =>
        {
            var file = Data.ReferenceDataSeeder.Read<Domain.Exams.ApplicationRoute>("application-conditions");
            return new Domain.Exams.ApplicationConditions(file.Version, file.Items);
        });
        return services;
    }

    /// <summary>The classes the convention registers, with their lifetimes.</summary>
    public static IEnumerable<(Type Type, ServiceLifetime Lifetime)> FeatureServices()
    {
        foreach (var type in FeatureTypes().Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsDefined(typeof(CompilerGeneratedAttribute), false)))
        {
            if (type.GetCustomAttribute<FeatureServiceAttribute>() is { } marked) yield return (type, marked.Lifetime);
            else if (type.IsNested ? type.Name == "Handler" : type.Name.EndsWith("Job", StringComparison.Ordinal)) yield return (type, ServiceLifetime.Scoped);
        }
    }

    public static void MapFeatureApis(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        foreach (var map in ApiMappers()) map.Invoke(null, [api]);
    }

    /// <summary>The static <c>Map*Api(RouteGroupBuilder)</c> methods, in the order of their type's and their own name.</summary>
    public static IReadOnlyList<MethodInfo> ApiMappers() =>
        [.. FeatureTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Map", StringComparison.Ordinal) && m.Name.EndsWith("Api", StringComparison.Ordinal)
                        && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(RouteGroupBuilder))
            .OrderBy(m => m.DeclaringType!.FullName, StringComparer.Ordinal)
            .ThenBy(m => m.Name, StringComparer.Ordinal)];

    private static IEnumerable<Type> FeatureTypes() =>
        typeof(FeatureRegistration).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == FeaturesNamespace || ns.StartsWith(FeaturesNamespace + ".", StringComparison.Ordinal)));
}
