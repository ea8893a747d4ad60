using System.Buffers.Binary;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.Security;

/// <summary>
/// The suite hashes passwords with 1,000 rounds to save time (<see cref="AcademyFactory"/>); the platform itself keeps
/// Identity's PBKDF2 with HMAC-SHA512 at 100,000 rounds, and a password stored that way signs in.
/// </summary>
public sealed class PasswordHashingTests(PasswordHashingTests.FullRoundsFactory factory) : IClassFixture<PasswordHashingTests.FullRoundsFactory>
{
    public sealed class FullRoundsFactory : SqliteAcademyFactory
    {
        protected override bool QuickPasswords => false;
    }

    [Fact]
    public async Task A_password_is_stored_with_pbkdf2_sha512_at_100000_rounds_and_signs_in()
    {
        var email = TestData.Email("rounds");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, TestWorld.Password, Roles.Learner);

        var stored = await factory.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());
        // Identity's version 3 format: a marker byte, then the PRF, the round count and the salt length, big-endian.
        var hash = Convert.FromBase64String(stored!);
        Assert.Equal(0x01, hash[0]);
        Assert.Equal((uint)KeyDerivationPrf.HMACSHA512, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)));
        Assert.Equal(100_000u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));

        var client = await factory.SignInAsync(email, TestWorld.Password);
        await (await client.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
