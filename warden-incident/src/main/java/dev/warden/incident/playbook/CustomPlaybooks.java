package dev.warden.incident.playbook;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.store.CustomPlaybookDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's own playbooks beside the built-in ones: parsed as strictly as those (an error names its line),
 * stored as written, and put in the runner's library, where each runs as the role its steps derive. A built-in's
 * name cannot be taken. A run already started keeps the definition it started with.
 */
public final class CustomPlaybooks {
    private static final Logger LOG = LoggerFactory.getLogger(CustomPlaybooks.class);

    private final Database database;
    private final PlaybookRunner runner;
    private final Clock clock;

    public CustomPlaybooks(Database database, PlaybookRunner runner, Clock clock) {
        this.database = database;
        this.runner = runner;
        this.clock = clock;
    }

    /** Puts every stored playbook in the runner's library; one that no longer parses is skipped and logged. */
    public int load() {
        PlaybookLibrary library = runner.library();
        int loaded = 0;
        for (CustomPlaybookDao.Stored s : database.read(h -> new CustomPlaybookDao(h).list())) {
            try {
                library = library.with(PlaybookParser.parse(s.source()));
                loaded++;
            } catch (IncidentException e) {
                LOG.error("stored playbook {} version {} is not loaded: {}", s.name(), s.version(), e.getMessage());
            }
        }
        runner.library(library);
        return loaded;
    }

    /** Validates and stores {@code source} as playbook {@code name} (the document must name itself so). */
    public synchronized CustomPlaybookDao.Stored put(String name, String source, String by) {
        Playbook p = PlaybookParser.parse(source);
        if (!p.name().equals(name)) {
            throw new IncidentException(
                    IncidentReason.INVALID_PLAYBOOK, "the document names " + p.name() + ", not " + name);
        }
        PlaybookLibrary next = runner.library().with(p);
        CustomPlaybookDao.Stored stored =
                database.inTransaction(h -> new CustomPlaybookDao(h).put(name, source, clock.instant(), by));
        runner.library(next);
        return stored;
    }

    public List<CustomPlaybookDao.Stored> list() {
        return database.read(h -> new CustomPlaybookDao(h).list());
    }
}
