package org.occmmigrator.process;

import java.util.List;

/** Which addresses a hostname resolves to now (the DNS handover check). */
public interface HostResolver {

  List<String> addresses(String hostname);
}
