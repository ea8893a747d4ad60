using System.Reflection;
using System.Text.RegularExpressions;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Architecture;

/// <summary>The domain stays free of ASP.NET Core and EF Core, so its rules can be read and tested on their own.</summary>
public partial class DomainDependencyTests
{
    private static readonly string[] ForbiddenNamespaces = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore"];

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IEnumerable<Type> DomainTypes() =>
        new[] { typeof(Cohort).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Namespace == "TrainerAcademy.Domain" || t.Namespace?.StartsWith("TrainerAcademy.Domain.", StringComparison.Ordinal) == true);

    [Fact]
    public void The_domain_namespace_holds_the_core_entities() =>
        Assert.Superset(new HashSet<Type> { typeof(Cohort), typeof(Course), typeof(LearnerProfile), typeof(ChineseIdNumber) }, DomainTypes().ToHashSet());

    [Fact]
    public void Domain_types_reference_no_AspNetCore_or_EntityFrameworkCore_type()
    {
        var offences = DomainTypes()
            .SelectMany(t => ReferencedTypes(t).Select(r => (Type: t, Referenced: r.Referenced, r.Where)))
            .Where(x => IsForbidden(x.Referenced))
            .Select(x => $"{x.Type.FullName} → {x.Referenced.FullName} ({x.Where})")
            .Distinct()
            .ToList();

        Assert.True(offences.Count == 0, "Domain types depend on ASP.NET Core or EF Core:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_check_finds_a_forbidden_reference_when_there_is_one()
    {
        // Guards the guard: a type with an EF Core field must be reported.
        var found = ReferencedTypes(typeof(Offender)).Select(r => r.Referenced).Where(IsForbidden).ToList();

        Assert.Contains(found, t => t.FullName!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(found, t => t.FullName!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Domain_source_files_have_no_using_of_AspNetCore_or_EntityFrameworkCore()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Core", "Domain");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var offences = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => ForbiddenUsing().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offences.Count == 0, "Domain source files use ASP.NET Core or EF Core:\n" + string.Join("\n", offences));
    }

    private static bool IsForbidden(Type t) =>
        ForbiddenNamespaces.Any(ns => t.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal)));

    /// <summary>Every type a type mentions: base types, interfaces, generic arguments, fields, properties, events, method signatures, attributes.</summary>
    private static IEnumerable<(Type Referenced, string Where)> ReferencedTypes(Type type)
    {
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return (t, "base type");
        foreach (var i in type.GetInterfaces()) foreach (var t in Expand(i)) yield return (t, "interface");
        foreach (var a in Attributes(type.CustomAttributes)) yield return (a, "attribute");

        foreach (var f in type.GetFields(Everything))
        {
            foreach (var t in Expand(f.FieldType)) yield return (t, $"field {f.Name}");
            foreach (var a in Attributes(f.CustomAttributes)) yield return (a, $"attribute of field {f.Name}");
        }
        foreach (var p in type.GetProperties(Everything))
        {
            foreach (var t in Expand(p.PropertyType)) yield return (t, $"property {p.Name}");
            foreach (var a in Attributes(p.CustomAttributes)) yield return (a, $"attribute of property {p.Name}");
        }
        foreach (var e in type.GetEvents(Everything))
            if (e.EventHandlerType is { } h) foreach (var t in Expand(h)) yield return (t, $"event {e.Name}");

        foreach (var m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (m is MethodInfo mi) foreach (var t in Expand(mi.ReturnType)) yield return (t, $"return of {m.Name}");
            foreach (var p in m.GetParameters())
            {
                foreach (var t in Expand(p.ParameterType)) yield return (t, $"parameter {p.Name} of {m.Name}");
                foreach (var a in Attributes(p.CustomAttributes)) yield return (a, $"attribute of parameter {p.Name} of {m.Name}");
            }
            foreach (var a in Attributes(m.CustomAttributes)) yield return (a, $"attribute of {m.Name}");
            if (m.GetMethodBody() is { } body)
                foreach (var local in body.LocalVariables) foreach (var t in Expand(local.LocalType)) yield return (t, $"local of {m.Name}");
        }
    }

    private static IEnumerable<Type> Attributes(IEnumerable<CustomAttributeData> attributes) =>
        attributes.SelectMany(a => Expand(a.AttributeType)
            .Concat(a.ConstructorArguments.Select(x => x.Value).OfType<Type>().SelectMany(Expand)));

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var t in Expand(element)) yield return t;
            yield break;
        }
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (type.IsGenericType)
            foreach (var arg in type.GetGenericArguments())
                foreach (var t in Expand(arg)) yield return t;
    }

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?Microsoft\.(AspNetCore|EntityFrameworkCore)\b")]
    private static partial Regex ForbiddenUsing();

#pragma warning disable CS0169, CS0649 // the fields exist only to be found
    private sealed class Offender
    {
        private Microsoft.EntityFrameworkCore.DbContext? _context;
        public Microsoft.AspNetCore.Http.HttpContext? Http { get; set; }
    }
#pragma warning restore CS0169, CS0649
}
