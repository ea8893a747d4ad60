using Microsoft.Data.Sqlite;
using Npgsql;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// A save that meets a hand-in still in flight: the save waits for the attempt's row, and once the hand-in has
/// committed it is refused as handed in, never acknowledged after grading could have read the paper. Driven on
/// PostgreSQL, whose row locks let the test hold the hand-in open, and on SQLite, where the hand-in holds the one
/// write lock and the save, which takes no row lock there, is refused by its own conditional UPDATE.
/// </summary>
public sealed class ExamRaceTests : IClassFixture<PostgresExamFactory>
{
    private readonly PostgresExamFactory factory;

    public ExamRaceTests(PostgresExamFactory factory)
    {
        TestPostgres.Require();
        this.factory = factory;
    }

    [Fact]
    public async Task A_save_behind_an_uncommitted_hand_in_waits_and_is_refused_once_the_hand_in_commits()
    {
        var exam = await factory.SessionAsync();
        var attemptId = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        await (await exam.Candidate.Client.SaveAsync(attemptId, 1, true, 1)).ExpectJsonAsync(HttpStatusCode.OK);

        // A hand-in in progress: the attempt's row updated to Submitted in a transaction not yet committed.
        await using var handIn = new NpgsqlConnection(factory.ConnectionString);
        await handIn.OpenAsync();
        await using var tx = await handIn.BeginTransactionAsync();
        await using (var submit = new NpgsqlCommand("""UPDATE "ExamAttempts" SET "Status" = 'Submitted', "Revision" = "Revision" + 1 WHERE "Id" = @id""", handIn, tx))
        {
            submit.Parameters.AddWithValue("id", attemptId);
            Assert.Equal(1, await submit.ExecuteNonQueryAsync());
        }

        var save = exam.Candidate.Client.SaveAsync(attemptId, 1, false, 2);
        var first = await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.NotSame(save, first); // the save waits for the attempt's row
        await tx.CommitAsync();

        var refused = await (await save).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("attempt.submitted", refused.GetProperty("code").GetString());
        var attempt = await factory.AttemptAsync(attemptId);
        var item = Assert.Single(attempt.Items, i => i.Position == 1);
        Assert.Equal((1, "true"), (item.SavedRevision, item.Response));
    }
}

/// <inheritdoc cref="ExamRaceTests"/>
public sealed class SqliteExamRaceTests(SqliteExamFactory factory) : IClassFixture<SqliteExamFactory>
{
    [Fact]
    public async Task A_save_decided_before_a_hand_in_commits_is_refused_once_it_has_committed()
    {
        var exam = await factory.SessionAsync();
        var attemptId = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        await (await exam.Candidate.Client.SaveAsync(attemptId, 1, true, 1)).ExpectJsonAsync(HttpStatusCode.OK);

        // A hand-in in progress on another connection holds SQLite's write lock, uncommitted, so the save still reads
        // the attempt in progress and decides to take the answer.
        await using var handIn = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await handIn.OpenAsync();
        await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", handIn)) await begin.ExecuteNonQueryAsync();
        await using (var submit = new SqliteCommand("""UPDATE "ExamAttempts" SET "Status" = 'Submitted', "Revision" = "Revision" + 1 WHERE "Id" = $id""", handIn))
        {
            submit.Parameters.AddWithValue("$id", attemptId);
            Assert.Equal(1, await submit.ExecuteNonQueryAsync());
        }

        var save = exam.Candidate.Client.SaveAsync(attemptId, 1, false, 2);
        var first = await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.NotSame(save, first); // the save waits for the write lock
        await using (var commit = new SqliteCommand("COMMIT", handIn)) await commit.ExecuteNonQueryAsync();

        var refused = await (await save).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("attempt.submitted", refused.GetProperty("code").GetString());
        var attempt = await factory.AttemptAsync(attemptId);
        var item = Assert.Single(attempt.Items, i => i.Position == 1);
        Assert.Equal((1, "true"), (item.SavedRevision, item.Response));
    }
}
