import { MemoryStorage } from './MemoryStorage'
import { describeStorageContract } from './storage.contract'

describeStorageContract('MemoryStorage', async () => {
  const storage = new MemoryStorage()
  return { storage, dispose: () => storage.close() }
})
