using System.Collections.Concurrent;
using Microsoft.Net.Http.Headers;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// A browser's cookie jar that lives in the test's time: a persistent cookie expires by the app's clock, as it would for a
/// browser whose clock agrees with the server's, not by the day the suite happens to run.
/// </summary>
public sealed class ClockCookieJar(TimeProvider clock) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset? Expires)> _cookies = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var live = _cookies.Where(c => c.Value.Expires is null || c.Value.Expires > now).Select(c => $"{c.Key}={c.Value.Value}").ToList();
        if (live.Count > 0) request.Headers.Add(HeaderNames.Cookie, string.Join("; ", live));

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues(HeaderNames.SetCookie, out var setCookies))
            foreach (var header in setCookies)
                Keep(header, clock.GetUtcNow());
        return response;
    }

    private void Keep(string header, DateTimeOffset now)
    {
        if (!SetCookieHeaderValue.TryParse(header, out var cookie)) return;
        var expires = cookie.MaxAge is { } maxAge ? now + maxAge : cookie.Expires;
        var name = cookie.Name.ToString();
        if (expires <= now) _cookies.TryRemove(name, out _);
        else _cookies[name] = (cookie.Value.ToString(), expires);
    }
}
