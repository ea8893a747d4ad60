using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Auth;

/// <summary>
/// <c>dotnet TrainerAcademy.Web.dll admin create --email … --password …</c>: the first administrator of a
/// production install, which seeds no accounts.
/// </summary>
public static class AdminCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "admin";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length < 2 || args[1] != "create")
            return Usage();
        var email = Option(args, "--email");
        var password = Option(args, "--password") ?? Environment.GetEnvironmentVariable("ACADEMY_ADMIN_PASSWORD");
        if (email is null || password is null)
            return Usage();

        await app.PrepareDatabaseAsync();
        using var scope = app.Services.CreateScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, password, Roles.Admin,
                grantedBy: Features.AuditLog.AuditActor.CommandLine);
            Console.WriteLine($"Administrator {email} created.");
            return 0;
        }
        catch (RuleViolation e)
        {
            Console.Error.WriteLine($"Not created: {e.Message}");
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: TrainerAcademy.Web admin create --email ADDRESS [--password PASSWORD]");
        Console.Error.WriteLine("       (or set ACADEMY_ADMIN_PASSWORD instead of --password, to keep it out of the shell history)");
        return 2;
    }
}
