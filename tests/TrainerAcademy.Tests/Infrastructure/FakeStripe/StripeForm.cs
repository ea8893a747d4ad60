using System.Globalization;
using System.Text.Json.Nodes;

namespace TrainerAcademy.Tests.Infrastructure.FakeStripe;

/// <summary>An error as Stripe reports it: <c>{ "error": { "type", "message", "code", "param" } }</c> with an HTTP status.</summary>
public sealed class StripeApiError(int status, string type, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Code { get; } = code;
    public string? Param { get; } = param;

    public static StripeApiError Invalid(string message, string? param = null, string? code = null) =>
        new(400, "invalid_request_error", message, code, param);

    public static StripeApiError Missing(string param) =>
        new(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static StripeApiError Unknown(string param) =>
        new(400, "invalid_request_error", $"Received unknown parameter: {param}", "parameter_unknown", param);

    public static StripeApiError NoSuch(string objectName, string id, string param, int status = 404) =>
        new(status, "invalid_request_error", $"No such {objectName}: '{id}'", "resource_missing", param);

    public JsonObject ToJson()
    {
        var error = new JsonObject();
        if (Code is not null)
        {
            error["code"] = Code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{Code.Replace('_', '-')}";
        }
        error["message"] = Message;
        if (Param is not null) error["param"] = Param;
        error["type"] = Type;
        return new JsonObject { ["error"] = error };
    }
}

/// <summary>
/// Stripe's form encoding, as Stripe.net writes it: <c>line_items[0][price_data][unit_amount]=260000</c>,
/// <c>allowed_payment_method_types[0]=card</c>, <c>metadata[enrollment_id]=42</c>, <c>created[gte]=…</c>.
/// Parsed into a tree of <see cref="JsonObject"/>s whose leaves are strings; a level whose keys are all indexes becomes an array.
/// </summary>
public static class StripeForm
{
    public static List<KeyValuePair<string, string>> ParsePairs(string? encoded)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(encoded)) return pairs;
        foreach (var part in encoded.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Decode(part[(eq + 1)..]);
            pairs.Add(new(key, value));
        }
        return pairs;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public static JsonObject ToTree(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            var segments = Split(key);
            var level = root;
            for (var i = 0; i < segments.Count; i++)
            {
                var segment = segments[i].Length == 0 ? level.Count.ToString(CultureInfo.InvariantCulture) : segments[i];
                if (i == segments.Count - 1)
                {
                    if (level.TryGetValue(segment, out var existing) && existing is Dictionary<string, object>)
                        throw StripeApiError.Invalid($"Invalid value for {key}: expected a hash, got a string.", key);
                    level[segment] = value;
                    break;
                }
                if (!level.TryGetValue(segment, out var child))
                {
                    child = new Dictionary<string, object>(StringComparer.Ordinal);
                    level[segment] = child;
                }
                else if (child is string s)
                {
                    // "metadata=" (unset all) followed by "metadata[k]=v": the hash wins.
                    if (s.Length > 0) throw StripeApiError.Invalid($"Invalid hash: {Head(segments, i)}", Head(segments, i));
                    child = new Dictionary<string, object>(StringComparer.Ordinal);
                    level[segment] = child;
                }
                level = (Dictionary<string, object>)child;
            }
        }
        return (JsonObject)Convert(root);
    }

    private static string Head(List<string> segments, int last) =>
        segments[0] + string.Concat(segments.Skip(1).Take(last).Select(s => $"[{s}]"));

    private static List<string> Split(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0) return [key];
        var segments = new List<string> { key[..open] };
        var rest = key[open..];
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']');
            if (rest[0] != '[' || close < 0) throw StripeApiError.Invalid($"Invalid parameter name: {key}", key);
            segments.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }
        return segments;
    }

    private static JsonNode Convert(Dictionary<string, object> level)
    {
        if (level.Count > 0 && level.Keys.All(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var array = new JsonArray();
            foreach (var (_, value) in level.OrderBy(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture)))
                array.Add(value is string s ? JsonValue.Create(s) : Convert((Dictionary<string, object>)value));
            return array;
        }
        var obj = new JsonObject();
        foreach (var (key, value) in level)
            obj[key] = value is string s ? JsonValue.Create(s) : Convert((Dictionary<string, object>)value);
        return obj;
    }

    /// <summary>Refuses a parameter this endpoint does not know, as Stripe does.</summary>
    public static void RequireKnown(JsonObject? p, string path, params string[] known)
    {
        if (p is null) return;
        foreach (var (key, _) in p)
            if (!known.Contains(key, StringComparer.Ordinal))
                throw StripeApiError.Unknown(path.Length == 0 ? key : $"{path}[{key}]");
    }

    public static string Path(string parent, string key) => parent.Length == 0 ? key : $"{parent}[{key}]";

    public static string? String(JsonObject p, string key, string parent = "")
    {
        var node = p[key];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw StripeApiError.Invalid($"Invalid string: {Path(parent, key)} must be a string", Path(parent, key));
    }

    public static long? Integer(JsonObject p, string key, string parent = "")
    {
        var s = String(p, key, parent);
        if (string.IsNullOrEmpty(s)) return null;
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw StripeApiError.Invalid($"Invalid integer: {s}", Path(parent, key));
        return n;
    }

    public static bool? Boolean(JsonObject p, string key, string parent = "")
    {
        var s = String(p, key, parent);
        if (string.IsNullOrEmpty(s)) return null;
        return s switch
        {
            "true" => true,
            "false" => false,
            _ => throw StripeApiError.Invalid($"Invalid boolean: {s}", Path(parent, key)),
        };
    }

    /// <summary>A hash parameter; an empty string (Stripe's "unset") reads as null.</summary>
    public static JsonObject? Object(JsonObject p, string key, string parent = "")
    {
        var node = p[key];
        if (node is null) return null;
        if (node is JsonObject o) return o;
        if (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) return null;
        throw StripeApiError.Invalid($"Invalid hash: {Path(parent, key)}", Path(parent, key));
    }

    public static List<string>? StringArray(JsonObject p, string key, string parent = "")
    {
        var node = p[key];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var empty) && empty.Length == 0) return [];
        if (node is not JsonArray array) throw StripeApiError.Invalid($"Invalid array: {Path(parent, key)}", Path(parent, key));
        return array.Select((n, i) => n is JsonValue item && item.TryGetValue<string>(out var s)
                ? s
                : throw StripeApiError.Invalid($"Invalid string: {Path(parent, key)}[{i}]", $"{Path(parent, key)}[{i}]"))
            .ToList();
    }

    public static List<JsonObject> ObjectArray(JsonObject p, string key, string parent = "")
    {
        var node = p[key];
        if (node is null) return [];
        if (node is not JsonArray array) throw StripeApiError.Invalid($"Invalid array: {Path(parent, key)}", Path(parent, key));
        return array.Select((n, i) => n as JsonObject
                ?? throw StripeApiError.Invalid($"Invalid hash: {Path(parent, key)}[{i}]", $"{Path(parent, key)}[{i}]"))
            .ToList();
    }

    /// <summary>Stripe's metadata rules: at most 50 keys, keys up to 40 characters, values up to 500.</summary>
    public static JsonObject Metadata(JsonObject p, string parent = "")
    {
        var metadata = new JsonObject();
        var given = Object(p, "metadata", parent);
        if (given is null) return metadata;
        var path = Path(parent, "metadata");
        if (given.Count > 50) throw StripeApiError.Invalid("You can specify up to 50 keys in metadata.", path);
        foreach (var (key, _) in given)
        {
            if (key.Length > 40) throw StripeApiError.Invalid($"Metadata keys must be at most 40 characters long ({key}).", $"{path}[{key}]");
            var value = String(given, key, path) ?? "";
            if (value.Length > 500) throw StripeApiError.Invalid("Metadata values can have up to 500 characters.", $"{path}[{key}]");
            if (value.Length > 0) metadata[key] = value;
        }
        return metadata;
    }
}
