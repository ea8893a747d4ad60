using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

// Not ".Enrollment": a namespace of that name would hide the domain type Enrollment from every other test namespace.
namespace TrainerAcademy.Tests.Enrollments;

/// <summary>
/// The enrollment tests make hundreds of learner accounts. Identity's 100,000 PBKDF2 rounds cost about 0.2 s a hash
/// on a two-core runner, so 200 accounts and their sign-ins would take most of a minute of hashing, which is not
/// what these tests are about. Accounts are still made by <c>AccountService</c> and signed in through
/// <c>POST /api/auth/login</c>; only the round count is lower.
/// </summary>
internal static class QuickPasswords
{
    public static void Apply(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
}

public class SqliteEnrollmentFactory : SqliteAcademyFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        QuickPasswords.Apply(builder);
    }
}

/// <inheritdoc cref="SqliteEnrollmentFactory"/>
public class PostgresEnrollmentFactory : PostgresAcademyFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        QuickPasswords.Apply(builder);
    }
}

/// <summary>
/// The app's clock is a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>, as in the Jobs factories, but no
/// Hangfire server runs: the tests run <c>EnrollmentHoldJob</c> themselves, and a server (with its minutely sweep) would
/// race them. Delayed jobs are still written to the job storage, where the tests find them.
/// </summary>
public sealed class SqliteEnrollmentClockFactory : SqliteEnrollmentFactory
{
    protected override bool UsesFakeClock => true;
}

/// <inheritdoc cref="SqliteEnrollmentClockFactory"/>
public sealed class PostgresEnrollmentClockFactory : PostgresEnrollmentFactory
{
    protected override bool UsesFakeClock => true;
}
