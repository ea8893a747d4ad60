using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Logging;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// Hangfire logs through one process-wide provider, which each host sets to its own logger factory while it starts.
/// Once that host is disposed, any Hangfire object created later (in another, living host) would ask a disposed
/// factory for a logger and throw. After every host start the test factory puts this provider back, which lives
/// as long as the test process and keeps Hangfire's warnings for failure messages.
/// </summary>
public sealed class HangfireTestLog : ILogProvider
{
    private static readonly HangfireTestLog Instance = new();

    public static ConcurrentQueue<string> Warnings { get; } = new();

    public static void Install() => GlobalConfiguration.Configuration.UseLogProvider(Instance);

    public ILog GetLogger(string name) => new QueueLog(name);

    private sealed class QueueLog(string name) : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logLevel < LogLevel.Warn) return false;
            if (messageFunc is null) return true;
            if (Warnings.Count > 200) Warnings.TryDequeue(out _);
            Warnings.Enqueue($"{logLevel} {name}: {messageFunc()}{(exception is null ? "" : Environment.NewLine + exception)}");
            return true;
        }
    }
}
