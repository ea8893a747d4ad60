using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// What PostgreSQL and SQL Server refuse but SQLite accepts, sent to every write endpoint in a body of the endpoint's own
/// shape (built from its request type): text with a NUL character, text longer than any column, and dates at the ends of
/// the calendar; and the same values in the query strings of every read. Each answer is a 2xx or a 4xx, never a 500, on
/// both databases.
/// </summary>
public abstract class HostileInputTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : HostileInputTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : HostileInputTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    /// <summary>The hostile values: the text put in every string, the moment in every date.</summary>
    public sealed record Hostility(string Name, string Text, DateTimeOffset Moment);

    public static readonly Hostility[] Kinds =
    [
        new("NUL", "名\0字", new DateTimeOffset(2027, 3, 6, 9, 0, 0, TimeSpan.FromHours(8))),
        new("long text", new string('长', 5000), new DateTimeOffset(2027, 3, 6, 9, 0, 0, TimeSpan.FromHours(8))),
        new("earliest date", "正常", DateTimeOffset.MinValue),
        new("latest date", "正常", DateTimeOffset.MaxValue),
    ];

    private IReadOnlyList<(string Method, string Route, Type? Body)> WriteEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH")
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
            .Where(e => !e.Item2.StartsWith("/api/auth/", StringComparison.Ordinal))
            .Distinct()];

    [Fact]
    public async Task No_write_endpoint_answers_hostile_values_in_its_own_shape_with_a_server_error()
    {
        var w = await factory.WorldAsync();
        var callers = new (string Who, HttpClient Client)[] { ("admin", w.Admin), ("staff", w.StaffA), ("learner", w.Learner) };
        var failures = new List<string>();
        var endpoints = WriteEndpoints();
        Assert.True(endpoints.Count(e => e.Body is not null) > 30, $"only {endpoints.Count(e => e.Body is not null)} endpoints with a body found");
        foreach (var (method, route, body) in endpoints.Where(e => e.Body is not null))
            foreach (var kind in Kinds)
                foreach (var (who, client) in callers)
                {
                    var path = Sample(route, "1");
                    var json = Build(body!, kind, 0)?.ToJsonString() ?? "{}";
                    using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                    using var response = await client.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{method} {path} as {who} with {kind.Name}: {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}");
                }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task No_read_endpoint_answers_hostile_values_in_its_query_with_a_server_error()
    {
        var w = await factory.WorldAsync();
        var callers = new (string Who, HttpClient Client)[] { ("anonymous", w.Anonymous), ("admin", w.Admin), ("staff", w.StaffA), ("learner", w.Learner) };
        var reads = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        string[] names = ["q", "search", "name", "status", "from", "to", "date", "on", "level", "year", "month", "kind", "category", "format", "centerId", "page"];
        var failures = new List<string>();
        foreach (var route in reads)
            foreach (var kind in Kinds)
            {
                var moment = kind.Moment.ToString("O");
                var query = "?" + string.Join("&", names.Select(n => n is "from" or "to" or "date" or "on"
                    ? $"{n}={Uri.EscapeDataString(moment)}" : $"{n}={Uri.EscapeDataString(kind.Text)}"));
                foreach (var (who, client) in callers)
                {
                    var path = Sample(route, "1") + query;
                    using var response = await client.GetAsync(path);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"GET {Sample(route, "1")}?… ({kind.Name}) as {who}: {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}");
                }
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    /// <summary>A JSON value of <paramref name="type"/> holding the hostile values; numbers and choices are plausible.</summary>
    private static JsonNode? Build(Type type, Hostility kind, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return JsonValue.Create(kind.Text);
        if (type == typeof(bool)) return JsonValue.Create(false);
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return JsonValue.Create(1);
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return JsonValue.Create(1.5m);
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return JsonValue.Create(kind.Moment.ToString("O"));
        if (type == typeof(DateOnly)) return JsonValue.Create(DateOnly.FromDateTime(kind.Moment.UtcDateTime).ToString("O"));
        if (type == typeof(TimeOnly)) return JsonValue.Create("09:00");
        if (type == typeof(Guid)) return JsonValue.Create(Guid.Empty);
        if (type.IsEnum) return JsonValue.Create(Enum.GetNames(type)[0]);
        if (type == typeof(JsonElement) || type == typeof(object)) return new JsonObject { ["text"] = kind.Text };
        if (depth > 3) return null;
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().LastOrDefault() ?? typeof(string);
            return new JsonArray(Build(element, kind, depth + 1));
        }
        var result = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsPositional(type, p)))
            result[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = Build(property.PropertyType, kind, depth + 1);
        return result;
    }

    private static bool IsPositional(Type type, PropertyInfo property) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)));

    private static string Trim(string body) => EveryEndpointInputTests.Trim(body);

    private static string Sample(string route, string id) => EveryEndpointInputTests.Sample(route, id);
}
