using Microsoft.Data.Sqlite;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// The app on a fresh SQLite file in a temporary folder of its own (the job store's file goes beside it), copied from the
/// run's template when <see cref="AcademyFactory.FromTemplate"/>.
/// </summary>
public class SqliteAcademyFactory : AcademyFactory
{
    private DirectoryInfo? _folder;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string DatabasePath => Path.Combine(_folder!.FullName, "academy.db");

    protected override async Task<string> CreateDatabaseAsync()
    {
        _folder = Directory.CreateTempSubdirectory("academy-tests-");
        if (FromTemplate)
        {
            await TemplateDatabases.CopySqliteAsync(DatabasePath);
            CopiedFromTemplate = true;
        }
        return $"Data Source={DatabasePath}";
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            _folder?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleaning; it never affects another test.
        }
        return Task.CompletedTask;
    }
}
