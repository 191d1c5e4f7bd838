// Component tests: dialogs and the bulk form are lazy-loaded chunks, which a busy 2-core CI machine can take more than
// testing-library's default 1 s to bring in. Waits still end as soon as the element shows.
import { configure } from "@testing-library/dom";

configure({ asyncUtilTimeout: 5000 });
