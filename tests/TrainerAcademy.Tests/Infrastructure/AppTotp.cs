using TrainerAcademy.Testing;

namespace TrainerAcademy.Tests.Infrastructure;

public static class AppTotp
{
    /// <summary>
    /// The code by the app's clock, <paramref name="stepsAhead"/> 30-second steps on: each code is accepted once, so a
    /// test that signs in again after turning two-factor on uses a later step (the server allows two steps of drift).
    /// </summary>
    public static string TotpCode(this AcademyFactory factory, string base32Key, int stepsAhead = 0) =>
        TestTotp.Code(base32Key, factory.Time.GetUtcNow().AddSeconds(30 * stepsAhead));
}
