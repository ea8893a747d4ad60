// Not ".Enrollment": a namespace of that name would hide the domain type Enrollment from every other test namespace.
namespace TrainerAcademy.Tests.Enrollments;

/// <summary>The factories the enrollment tests share (hundreds of learner accounts; see <see cref="AcademyFactory"/> on password rounds).</summary>
public class SqliteEnrollmentFactory : SqliteAcademyFactory;

/// <inheritdoc cref="SqliteEnrollmentFactory"/>
public class PostgresEnrollmentFactory : PostgresAcademyFactory;

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
