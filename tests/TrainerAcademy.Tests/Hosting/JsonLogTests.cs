using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// In Production the console log is JSON with the scopes, and a request's log lines carry its trace id. The lines are
/// written by the host's own console formatter (the one the console logger would pick by <c>Logging:Console:FormatterName</c>)
/// into memory, since the process's console is shared by every test running in parallel.
/// </summary>
public sealed class JsonLogTests(JsonLogTests.ProductionFactory factory) : IClassFixture<JsonLogTests.ProductionFactory>
{
    public sealed class ProductionFactory : SqliteAcademyFactory
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["App:PublicBaseUrl"] = "https://academy.example.org";
            settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging =>
            {
                logging.AddConsole(); // its formatters and options, as in production; its output is not read
                logging.Services.AddSingleton<ILoggerProvider>(sp => new FormattedLogs(
                    sp.GetServices<ConsoleFormatter>(), sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), Lines));
            });
        }
    }

    [Fact]
    public async Task A_requests_log_lines_are_json_with_its_trace_id_in_scope()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/live");
        request.Headers.Host = "academy.example.org";
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        await (await factory.CreateApiClient().SendAsync(request)).ExpectSuccessAsync();

        Assert.Equal(ConsoleFormatterNames.Json, factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var lines = factory.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var started = lines.FirstOrDefault(l => l.GetProperty("Category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics"
            && l.GetProperty("Scopes").EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var t) && t.GetString() == traceId.ToString()));
        Assert.True(started.ValueKind == JsonValueKind.Object, "no JSON log line of the request carries its trace id:\n" + string.Join("\n", factory.Lines.Take(20)));
    }

    private sealed class FormattedLogs(IEnumerable<ConsoleFormatter> formatters, IOptionsMonitor<ConsoleLoggerOptions> options, ConcurrentQueue<string> lines)
        : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        private void Write<TState>(in Microsoft.Extensions.Logging.Abstractions.LogEntry<TState> entry)
        {
            var chosen = formatters.Single(f => f.Name == options.CurrentValue.FormatterName);
            using var writer = new StringWriter();
            chosen.Write(entry, _scopes, writer);
            if (lines.Count < 500) lines.Enqueue(writer.ToString().Trim());
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(FormattedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}
